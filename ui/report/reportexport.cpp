#include "report/reportexport.h"

#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "common/jobprogress.h"
#include "common/usermessage.h"
#include "report/comparisonreport.h"
#include "report/runreport.h"
#include "reportpdf/reportpdf.h"
#include "session/session.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QUrl>

namespace latentlab {

namespace {

QString qt(const std::filesystem::path& path) {
  return path.empty() ? QString() : QString::fromStdString(path.string());
}

// Both formats, the figures' PNGs too: a student gets the PDF to hand in and the HTML to browse.
ReportOutputRequest outputFor(const QString& path) {
  ReportOutputRequest output;
  output.out = path.toStdString();
  output.bothFormats = true;
  output.renderers = qtReportRenderers();
  return output;
}

}  // namespace

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

QString ReportExport::askWhere(const QString& suggested) {
  const QString path = QFileDialog::getSaveFileName(mWindow, tr("Export lab report"), suggested,
                                                    tr("Lab report, PDF and HTML (*.pdf *.html)"));
  if (path.isEmpty()) return {};
  return path.endsWith(".pdf", Qt::CaseInsensitive) || path.endsWith(".html", Qt::CaseInsensitive) ? path
                                                                                                   : path + ".pdf";
}

bool ReportExport::exportReport() {
  if (const QString why = whyNoReport(); !why.isEmpty()) {
    mErrors->report(tr("No run to report on"), why);
    return false;
  }
  const QFileInfo run(mSession->runDir());
  const QString path = askWhere(run.absoluteDir().filePath(run.fileName() + "-report.pdf"));
  return !path.isEmpty() && exportReportTo(path);
}

bool ReportExport::exportReportTo(const QString& path) {
  if (const QString why = whyNoReport(); !why.isEmpty()) {
    mErrors->report(tr("No run to report on"), why);
    return false;
  }
  RunReportRequest request;
  static_cast<ReportOutputRequest&>(request) = outputFor(path);
  request.runDir = mSession->runDir().toStdString();
  mJob->run([request](const JobRun& run) { return writeRunReport(request, run.context()); },
            [this](const ReportResult& result) { showWritten(result); });
  return true;
}

bool ReportExport::exportComparison(const QStringList& runs, const QString& sweepDir) {
  if (sweepDir.isEmpty() && runs.size() < 2) {
    mErrors->report(tr("Nothing to compare"),
                    tr("Select 2 or more runs on the Runs page and press Ctrl+D, then export their report."));
    return false;
  }
  const QString suggested = sweepDir.isEmpty()
                                ? QFileInfo(runs.front()).absoluteDir().filePath("comparison-report.pdf")
                                : QDir(sweepDir).filePath(QFileInfo(sweepDir).fileName() + "-report.pdf");
  const QString path = askWhere(suggested);
  return !path.isEmpty() && exportComparisonTo(path, runs, sweepDir);
}

bool ReportExport::exportComparisonTo(const QString& path, const QStringList& runs, const QString& sweepDir) {
  ComparisonReportRequest request;
  static_cast<ReportOutputRequest&>(request) = outputFor(path);
  for (const QString& run : runs) request.runs.push_back(run.toStdString());
  request.sweepDir = sweepDir.toStdString();
  mJob->run([request](const JobRun& run) { return writeComparisonReport(request, run.context()); },
            [this](const ReportResult& result) { showWritten(result); });
  return true;
}

void ReportExport::showWritten(const ReportResult& result) {
  const QString pdf = qt(result.pdf), html = qt(result.html);
  const QString figures = qt(reportFiguresDir(result.pdf.empty() ? result.html : result.pdf));
  const int files = int(result.files.size());
  QStringList missing;
  for (const auto& why : result.missing) missing << userText(why);
  Q_EMIT written(pdf, html, files);
  QString text =
      tr("The report is in %1 and %2, its %3 figures and tables in %4.").arg(pdf, html).arg(files).arg(figures);
  if (!missing.isEmpty()) text += tr("\n\nLeft out:") + "\n• " + missing.join("\n• ");
  // Not modal, so tests and scripts go on; Open shows it in the PDF viewer.
  auto* box = new QMessageBox(QMessageBox::Information, tr("Lab report written"), text, QMessageBox::Close, mWindow);
  box->setObjectName("reportWritten");
  box->setAttribute(Qt::WA_DeleteOnClose);
  QPushButton* open = box->addButton(tr("&Open"), QMessageBox::AcceptRole);
  const QString shown = pdf.isEmpty() ? html : pdf;
  connect(open, &QPushButton::clicked, this, [shown] { QDesktopServices::openUrl(QUrl::fromLocalFile(shown)); });
  box->open();
}

}  // namespace latentlab
