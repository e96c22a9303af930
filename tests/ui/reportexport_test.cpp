// File > Export report in the main window: the session's run becomes a PDF and an HTML
// report with its figures beside it, written off the GUI thread; without a run it says
// what to do. The Compare page's Export report… writes the comparison's report, and the
// PDF writer lays a document out on A4 pages with the charts as vector graphics.
#include "report/reportexport.h"
#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "experiments/comparisonview.h"
#include "experiments/experimentspanel.h"
#include "mainwindow/mainwindow.h"
#include "presets.h"
#include "quickruns.h"
#include "report/runreport.h"
#include "reportpdf/reportpdf.h"
#include "run/runsummary.h"
#include "session/session.h"
#include "uitestsupport.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QFile>
#include <QImage>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

using namespace latentlab;
using namespace latentlab::test;

class ReportExportTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase();
  void withoutARunItSaysWhatToDo();
  void writesTheReportOfTheOpenedRun();
  void compareExportButtonWritesTheComparisonReport();
  void pdfHasA4PagesAndTheChartsRasterise();

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
  const QString pdf = QString::fromStdString((mDir / "out" / "lab.pdf").string());
  QSignalSpy written(window.reportExport(), &ReportExport::written);
  QVERIFY(window.reportExport()->exportReportTo(pdf));
  QVERIFY(window.reportExport()->job()->isBusy());  // off the GUI thread
  QVERIFY(waitUntil([&] { return written.count() == 1; }, 120000));
  QCOMPARE(written.first().at(0).toString(), pdf);
  QCOMPARE(written.first().at(1).toString(), html);  // both formats
  QVERIFY(written.first().at(2).toInt() > 3);
  QFile pdfFile(pdf);
  QVERIFY(pdfFile.open(QIODevice::ReadOnly));
  QVERIFY(pdfFile.read(5) == "%PDF-");
  // The charts as PNG beside their SVGs.
  QVERIFY(QFile::exists(QString::fromStdString((mDir / "out" / "lab-figures" / "loss.png").string())));
  QFile file(html);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QByteArray text = file.readAll();
  QVERIFY(text.contains("<svg"));
  QVERIFY(text.contains("data:image/png;base64,"));
  QVERIFY(QFileInfo(QString::fromStdString(reportFiguresDir(html.toStdString()).string())).isDir());
}

void ReportExportTest::compareExportButtonWritesTheComparisonReport() {
  // A second run to compare with.
  const QString second = QString::fromStdString((mDir / "run2").string());
  if (!QFile::exists(second + "/spec.json")) {
    TrainingJob job = quickJob(presetSpec("mnist-conv"), (mDir / "blobs").string(), mDir / "run2", 2);
    job.config.learningRate = 1e-2;
    QCOMPARE(trainQuickly(job).status, TrainingStatus::Finished);
  }
  MainWindow window(false);
  window.show();
  auto* view = window.findChild<ComparisonView*>();
  QVERIFY(view);
  view->setRuns({summarizeRun(mRun.toStdString()), summarizeRun(second.toStdString())});
  auto* button = window.findChild<QPushButton*>("exportComparisonReport");
  QVERIFY(button);
  // The button asks where (a file dialog); the same request without the dialog:
  QSignalSpy requested(view, &ComparisonView::reportRequested);
  const QString pdf = QString::fromStdString((mDir / "out" / "compare.pdf").string());
  QTimer::singleShot(0, [] {
    // Cancel the save dialog the button opens.
    for (QWidget* widget : QApplication::topLevelWidgets())
      if (auto* dialog = qobject_cast<QDialog*>(widget); dialog && dialog->isVisible()) dialog->reject();
  });
  button->click();
  QCOMPARE(requested.count(), 1);
  QCOMPARE(requested.first().first().toStringList(), (QStringList{mRun, second}));
  QSignalSpy written(window.reportExport(), &ReportExport::written);
  QVERIFY(window.reportExport()->exportComparisonTo(pdf, requested.first().first().toStringList(), {}));
  QVERIFY(waitUntil([&] { return written.count() == 1; }, 120000));
  QCOMPARE(written.first().at(0).toString(), pdf);
  for (const char* file : {"summary.csv", "curves.svg", "curves.png", "reconstructions.png", "parallel-coordinates.svg",
                           "best-run-loss.png"})
    QVERIFY2(QFile::exists(QString::fromStdString((mDir / "out" / "compare-figures" / file).string())), file);
}

void ReportExportTest::pdfHasA4PagesAndTheChartsRasterise() {
  ReportDocument document;
  document.title = "Pages";
  ReportBlock heading;
  heading.kind = ReportBlock::Kind::Section;
  heading.text = "A long table";
  ReportBlock table;
  table.kind = ReportBlock::Kind::Table;
  table.header = {"Row", "A long column title that wraps", "Value"};
  for (int row = 0; row < 150; ++row)
    table.rows.push_back({std::to_string(row), "some-text-with-hyphens-that-wraps-somewhere", "1.0"});
  table.numeric = {true, false, true};
  ReportBlock chart;
  chart.kind = ReportBlock::Kind::Svg;
  chart.svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"680\" height=\"340\" viewBox=\"0 0 680 340\">"
      "<rect width=\"680\" height=\"340\" fill=\"white\"/><line x1=\"0\" y1=\"0\" x2=\"680\" y2=\"340\" "
      "stroke=\"black\"/></svg>";
  chart.caption = "A chart";
  chart.file = "chart.svg";
  document.blocks = {heading, table, chart};
  const std::filesystem::path path = mDir / "pages.pdf";
  writeReportPdf(document, path);
  QFile file(QString::fromStdString(path.string()));
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QByteArray bytes = file.readAll();
  QVERIFY(bytes.startsWith("%PDF-"));
  // 150 rows do not fit one page: the table goes on with its header repeated.
  QVERIFY2(bytes.count("/Type /Page\n") + bytes.count("/Type /Page\r") + bytes.count("/Type /Page ") >= 3 ||
               bytes.count("/Type/Page") >= 3,
           "fewer than 3 pages");
  QVERIFY(bytes.contains("/MediaBox [0 0 595"));  // A4 width in points
  // A chart as PNG: the requested width, the aspect kept, white where nothing is drawn.
  const std::string png = rasterizeSvg(chart.svg, 1360);
  const QImage image = QImage::fromData(QByteArray::fromStdString(png), "PNG");
  QCOMPARE(image.width(), 1360);
  QCOMPARE(image.height(), 680);
  QCOMPARE(QColor(image.pixel(1300, 40)), QColor(Qt::white));
  QVERIFY(QColor(image.pixel(680, 340)).lightness() < 128);  // on the diagonal
}

QTEST_MAIN(ReportExportTest)
#include "reportexport_test.moc"
