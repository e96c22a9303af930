// File > Export report in the main window: the session's run becomes an HTML report
// with its figures beside it, written off the GUI thread; without a run it says what to do.
#include "report/reportexport.h"
#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "mainwindow/mainwindow.h"
#include "presets.h"
#include "quickruns.h"
#include "report/runreport.h"
#include "session/session.h"
#include "uitestsupport.h"

#include <QAction>
#include <QFile>
#include <QSignalSpy>
#include <QtTest>

using namespace latentlab;
using namespace latentlab::test;

class ReportExportTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase();
  void withoutARunItSaysWhatToDo();
  void writesTheReportOfTheOpenedRun();

private:
  TempDir mDir;
  QString mRun;
};

void ReportExportTest::initTestCase() {
  qputenv("XDG_DATA_HOME", QByteArray::fromStdString((mDir / "home").string()));
  const QString dataset = writeSmallIdxDataset(mDir / "blobs", 300);
  TrainingJob job = quickJob(presetSpec("mnist-conv"), dataset.toStdString(), mDir / "run", 2);
  QCOMPARE(trainQuickly(job).status, TrainingStatus::Finished);
  mRun = QString::fromStdString((mDir / "run").string());
}

void ReportExportTest::withoutARunItSaysWhatToDo() {
  MainWindow window(false);
  QSignalSpy reported(window.errorReporter(), &ErrorReporter::reported);
  QVERIFY(!window.reportExport()->exportReportTo(QString::fromStdString((mDir / "none.html").string())));
  QCOMPARE(reported.count(), 1);
  QVERIFY2(reported.first().first().toString().contains("Open run"), qPrintable(reported.first().first().toString()));
  QVERIFY(!QFile::exists(QString::fromStdString((mDir / "none.html").string())));
}

void ReportExportTest::writesTheReportOfTheOpenedRun() {
  MainWindow window(false);
  window.show();
  QVERIFY(window.findChild<QAction*>("exportReportAction"));
  QVERIFY(window.openRun(mRun));
  QVERIFY(waitUntil([&] { return window.session()->runDir() == mRun && window.session()->snapshot(); }, 20000));
  const QString html = QString::fromStdString((mDir / "out" / "lab.html").string());
  QSignalSpy written(window.reportExport(), &ReportExport::written);
  QVERIFY(window.reportExport()->exportReportTo(html));
  QVERIFY(window.reportExport()->job()->isBusy());  // off the GUI thread
  QVERIFY(waitUntil([&] { return written.count() == 1; }, 120000));
  QCOMPARE(written.first().at(0).toString(), html);
  QVERIFY(written.first().at(1).toInt() > 3);
  QFile file(html);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QByteArray text = file.readAll();
  QVERIFY(text.contains("<svg"));
  QVERIFY(text.contains("data:image/png;base64,"));
  QVERIFY(QFileInfo(QString::fromStdString(reportFiguresDir(html.toStdString()).string())).isDir());
}

QTEST_MAIN(ReportExportTest)
#include "reportexport_test.moc"
