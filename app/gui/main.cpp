// latentlab: the desktop application. Parses the command line and wires the main window.
#include "common/buildinfo.h"
#include "common/metatypes.h"
#include "common/resources.h"
#include "corrupt/corruption.h"
#include "mainwindow/mainwindow.h"
#include "mainwindow/screenshotmode.h"
#include "mainwindow/stallbenchmark.h"
#include "session/session.h"
#include "train/trainconfig.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <algorithm>
#include <cstdio>

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("LatentLab");
  QApplication::setApplicationName("LatentLab");
  QApplication::setApplicationVersion(QString::fromStdString(latentlab::latentlabVersion()));
  QApplication::setWindowIcon(QIcon(":/icons/latentlab.svg"));
  latentlab::initUiResources();
  latentlab::registerMetaTypes();

  QCommandLineParser parser;
  parser.setApplicationDescription("Train autoencoders and explore what they learned.");
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption dataset("dataset", "Open this dataset (catalog name or path).", "NAME");
  const QCommandLineOption preset("preset", "Start with this model preset.", "NAME");
  const QCommandLineOption limit("limit", "Use at most N images of the dataset.", "N");
  const QCommandLineOption run("run", "Open this run folder.", "RUN");
  const QCommandLineOption screenshot("screenshot", "Render every tab at 1600x1000 into DIR/<tab>.png and exit.",
                                      "DIR");
  const QCommandLineOption train("train-epochs", "Screenshot mode: train N epochs first, capture during the next.",
                                 "N");
  const QCommandLineOption corrupt("corrupt", "Train with this input corruption, e.g. gaussian:0.3 (a denoising run).",
                                   "SPEC");
  const QCommandLineOption fresh("fresh", "Ignore the saved window layout and choices.");
  const QCommandLineOption benchUi("bench-ui", "Benchmark: train for SECONDS and print the longest GUI stall as JSON.",
                                   "SECONDS");
  const QCommandLineOption followMap("follow-map",
                                     "With --bench-ui: show the Latent map tab, its map following every epoch.");
  parser.addOptions({dataset, preset, limit, run, screenshot, train, corrupt, fresh, benchUi, followMap});
  parser.process(app);

  const bool screenshotMode = parser.isSet(screenshot) || parser.isSet(benchUi);
  latentlab::MainWindow window(/*restoreSettings=*/!screenshotMode && !parser.isSet(fresh));
  auto* session = window.session();
  if (parser.isSet(preset)) {
    try {
      session->setPreset(parser.value(preset));
    } catch (const std::exception& error) {
      std::fprintf(stderr, "latentlab: %s\n", error.what());
      return 2;
    }
  }
  if (parser.isSet(limit)) {
    bool ok = false;
    const qulonglong count = parser.value(limit).toULongLong(&ok);
    if (!ok) {
      std::fprintf(stderr, "latentlab: --limit needs a whole number, got '%s'\n", qPrintable(parser.value(limit)));
      return 2;
    }
    latentlab::TrainConfig config = session->config();
    config.limit = count;
    session->setConfig(config);
  }
  if (parser.isSet(corrupt)) {
    latentlab::TrainConfig config = session->config();
    try {
      config.corruption = latentlab::Corruption::parse(parser.value(corrupt).toStdString()).toString();
    } catch (const std::exception& error) {
      std::fprintf(stderr, "latentlab: --corrupt: %s\n", error.what());
      return 2;
    }
    session->setConfig(config);
  }
  if (parser.isSet(dataset) || parser.isSet(limit))
    window.openDataset(parser.isSet(dataset)              ? parser.value(dataset)
                       : session->datasetName().isEmpty() ? "mnist"
                                                          : session->datasetName());

  if (parser.isSet(benchUi)) {
    window.resize(1600, 1000);
    window.show();
    auto* bench = new latentlab::StallBenchmark(&window, std::max(1.0, parser.value(benchUi).toDouble()),
                                                parser.isSet(followMap));
    bench->start();
    return app.exec();
  }
  if (screenshotMode) {
    latentlab::ScreenshotOptions options;
    options.outputDir = parser.value(screenshot);
    options.runDir = parser.value(run);
    options.trainEpochs = parser.value(train).toInt();
    window.resize(1600, 1000);
    window.show();
    auto* mode = new latentlab::ScreenshotMode(&window, options);
    mode->start();
    return app.exec();
  }
  window.show();
  if (parser.isSet(run)) window.openRun(parser.value(run));
  return app.exec();
}
