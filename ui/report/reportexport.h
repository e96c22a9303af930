#pragma once

// File > Export report and the Compare / Sweeps pages' Export report…: the lab report
// (a PDF and a self-contained HTML file, the figures and tables beside them) of the
// session's run, of compared runs or of a sweep, written by core's report jobs off the
// GUI thread (the PDF drawn by ui/reportpdf), with its progress in the status bar.

#include <QObject>
#include <QString>
#include <QStringList>

class QWidget;

namespace latentlab {

class AsyncJob;
struct ReportResult;
class ErrorReporter;
class JobProgress;
class Session;

class ReportExport : public QObject {
  Q_OBJECT
public:
  ReportExport(Session* session, ErrorReporter* errors, QWidget* window);

  // Asks where to write (beside the run by default), then writes; false when there is no run.
  bool exportReport();
  // Writes to `path` (FILE.pdf or FILE.html; the other format goes beside it) without asking.
  bool exportReportTo(const QString& path);

  // The report of 2 or more runs, or of the sweep in `sweepDir` when it is not empty: asks where, then writes.
  bool exportComparison(const QStringList& runs, const QString& sweepDir);
  bool exportComparisonTo(const QString& path, const QStringList& runs, const QString& sweepDir);

  AsyncJob* job() const { return mJob; }
  // The bar and Cancel button the main window shows in its status bar.
  JobProgress* progress() const { return mProgress; }

Q_SIGNALS:
  // `pdf` and `html` are the reports written; `files` counts the figures and tables beside them.
  void written(const QString& pdf, const QString& html, int files);

private:
  QString whyNoReport() const;
  QString askWhere(const QString& suggested);
  void showWritten(const ReportResult& result);

  Session* mSession;
  ErrorReporter* mErrors;
  QWidget* mWindow;
  AsyncJob* mJob;
  JobProgress* mProgress;
};

}  // namespace latentlab
