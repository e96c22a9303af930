#pragma once

// File > Export report: the lab report of the session's run (HTML with every figure
// embedded, and the figures and tables beside it), written by core's writeRunReport off
// the GUI thread, with its progress in the status bar.

#include <QObject>
#include <QString>

class QWidget;

namespace latentlab {

class AsyncJob;
class ErrorReporter;
class JobProgress;
class Session;

class ReportExport : public QObject {
  Q_OBJECT
public:
  ReportExport(Session* session, ErrorReporter* errors, QWidget* window);

  // Asks where to write (beside the run by default), then writes; false when there is no run.
  bool exportReport();
  // Writes to `htmlPath` without asking (tests, scripts).
  bool exportReportTo(const QString& htmlPath);

  AsyncJob* job() const { return mJob; }
  // The bar and Cancel button the main window shows in its status bar.
  JobProgress* progress() const { return mProgress; }

Q_SIGNALS:
  void written(const QString& html, int files);

private:
  QString whyNoReport() const;

  Session* mSession;
  ErrorReporter* mErrors;
  QWidget* mWindow;
  AsyncJob* mJob;
  JobProgress* mProgress;
};

}  // namespace latentlab
