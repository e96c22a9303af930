#include "report/reportexport.h"

#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "common/jobprogress.h"
#include "common/usermessage.h"
#include "report/runreport.h"
#include "session/session.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QUrl>

namespace latentlab {

ReportExport::ReportExport(Session* session, ErrorReporter* errors, QWidget* window)
    : QObject(window),
      mSession(session),
      mErrors(errors),
      mWindow(window),
      mJob(new AsyncJob(JobPolicy::Replace, this)),
      mProgress(new JobProgress(mJob, window)) {
  mProgress->setToolTip(tr("Writing the lab report (Esc cancels)"));
  connect(mJob, &AsyncJob::failed, this,
          [this](const JobFailure& failure) { mErrors->report(tr("Cannot write the report"), failure); });
}

QString ReportExport::whyNoReport() const {
  const QString run = mSession->runDir();
  if (run.isEmpty() || !QFileInfo::exists(QDir(run).filePath("spec.json")))
    return tr(
        "A report describes a run folder: train a model (F5) or open a run (File > Open run, Ctrl+Shift+O) "
        "first.");
  return {};
}

bool ReportExport::exportReport() {
  if (const QString why = whyNoReport(); !why.isEmpty()) {
    mErrors->report(tr("No run to report on"), why);
    return false;
  }
  const QFileInfo run(mSession->runDir());
  const QString suggested = run.absoluteDir().filePath(run.fileName() + "-report.html");
  const QString path =
      QFileDialog::getSaveFileName(mWindow, tr("Export lab report"), suggested, tr("HTML report (*.html)"));
  if (path.isEmpty()) return false;
  return exportReportTo(path.endsWith(".html", Qt::CaseInsensitive) ? path : path + ".html");
}

bool ReportExport::exportReportTo(const QString& htmlPath) {
  if (const QString why = whyNoReport(); !why.isEmpty()) {
    mErrors->report(tr("No run to report on"), why);
    return false;
  }
  RunReportRequest request;
  request.runDir = mSession->runDir().toStdString();
  request.out = htmlPath.toStdString();
  mJob->run(
      [request](const JobRun& run) { return writeRunReport(request, run.context()); },
      [this](const RunReportResult& result) {
        const QString html = QString::fromStdString(result.html.string());
        const int files = int(result.files.size());
        Q_EMIT written(html, files);
        QString text = tr("The report is in %1, its %2 figures and tables in %3.")
                           .arg(html)
                           .arg(files)
                           .arg(QString::fromStdString(reportFiguresDir(result.html).string()));
        if (!result.missing.empty()) {
          text += tr("\n\nLeft out:");
          for (const auto& why : result.missing) text += "\n• " + userText(why);
        }
        // Not modal, so tests and scripts go on; Open shows it in the browser.
        auto* box =
            new QMessageBox(QMessageBox::Information, tr("Lab report written"), text, QMessageBox::Close, mWindow);
        box->setObjectName("reportWritten");
        box->setAttribute(Qt::WA_DeleteOnClose);
        QPushButton* open = box->addButton(tr("&Open"), QMessageBox::AcceptRole);
        connect(open, &QPushButton::clicked, this, [html] { QDesktopServices::openUrl(QUrl::fromLocalFile(html)); });
        box->open();
      });
  return true;
}

}  // namespace latentlab
