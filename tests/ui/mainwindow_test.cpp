// The main window as a user meets it: opening datasets (good and bad), the
// status bar, the menus, and screenshot rendering of every tab.
#include "mainwindow/mainwindow.h"
#include "common/errorreporter.h"
#include "common/plotexport.h"
#include "common/qcustomplotinclude.h"
#include "data/datasetpanel.h"
#include "data/thumbnailmodel.h"
#include "mainwindow/shortcutsdialog.h"
#include "session/datasetloader.h"
#include "session/session.h"
#include "uitestsupport.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QTabWidget>
#include <QToolBar>
#include <QtTest>

using namespace latentlab;
using namespace latentlab::test;

class MainWindowTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() {
    QCoreApplication::setOrganizationName("LatentLabTests");
    QCoreApplication::setApplicationName("mainwindow_test");
  }
  void opensADatasetFolder();
  void badDatasetPathShowsErrorAndKeepsRunning();
  void hasTheMenusAndShortcuts();
  void fitsALaptopScreen();
  void screenshotsEveryTabAtWindowSize();
  void remembersLayoutAndChoices();
  void exportsThePlotAsPngAndPdf();
  void ganPresetDisablesTheAutoencoderOnlySettings();
};

void MainWindowTest::opensADatasetFolder() {
  TempDir dir;
  const QString folder = writeSmallIdxDataset(dir / "blobs", 600);
  MainWindow window(false);
  window.show();
  window.openDataset(folder);
  QVERIFY(waitUntil([&] { return window.session()->dataset() && window.session()->datasetName() == folder; }, 10000));
  QCOMPARE(window.session()->dataset()->size(), std::size_t(600));
  QCOMPARE(window.datasetPanel()->thumbnails()->rowCount(), 600);
  QVERIFY(window.statusText().contains("blobs"));
  // Filtering by a class shows only that class.
  window.datasetPanel()->classFilter()->setCurrentIndex(1 + 3);
  QCOMPARE(window.datasetPanel()->thumbnails()->rowCount(), 60);
  QCOMPARE(window.datasetPanel()->thumbnails()->index(0).data(ThumbnailModel::LabelRole).toInt(), 3);
  QVERIFY(window.errorReporter()->lastMessage().isEmpty());
}

void MainWindowTest::badDatasetPathShowsErrorAndKeepsRunning() {
  TempDir dir;
  const QString good = writeSmallIdxDataset(dir / "good", 120);
  MainWindow window(false);
  window.show();
  window.openDataset(good);
  QVERIFY(waitUntil([&] { return window.session()->datasetName() == good && window.session()->dataset(); }, 10000));

  const QString bad = QString::fromStdString((dir / "no-such-folder").string());
  window.openDataset(bad);
  QVERIFY(waitUntil([&] { return !window.errorReporter()->lastMessage().isEmpty(); }, 10000));
  QVERIFY2(window.errorReporter()->lastMessage().contains("no-such-folder"),
           qPrintable(window.errorReporter()->lastMessage()));
  QVERIFY(window.errorReporter()->visibleBox() != nullptr);
  QVERIFY(window.errorReporter()->visibleBox()->text().contains("no-such-folder"));
  // The previous dataset stays usable and the window keeps running.
  QCOMPARE(window.session()->datasetName(), good);
  QCOMPARE(window.session()->dataset()->size(), std::size_t(120));
  window.errorReporter()->visibleBox()->close();
  QVERIFY(window.isVisible());

  // An empty folder is an error that says what a dataset folder must hold.
  std::filesystem::create_directories(dir / "empty");
  window.openDataset(QString::fromStdString((dir / "empty").string()));
  QVERIFY(waitUntil([&] { return window.errorReporter()->lastMessage().contains("empty folder"); }, 10000));
}

void MainWindowTest::hasTheMenusAndShortcuts() {
  MainWindow window(false);
  QStringList menus;
  for (QAction* action : window.menuBar()->actions()) menus << action->text().remove('&');
  QCOMPARE(menus, (QStringList{"File", "Training", "View", "Help"}));
  QStringList fileItems;
  for (QAction* action : window.menuBar()->actions().first()->menu()->actions())
    if (!action->isSeparator()) fileItems << action->text().remove('&');
  for (const char* expected :
       {"Open dataset folder…", "Open run…", "Save checkpoint as…", "Export plot as PNG/PDF…", "Quit"})
    QVERIFY2(fileItems.contains(expected), qPrintable(fileItems.join(", ")));
  QStringList tabs;
  for (int i = 0; i < window.tabs()->count(); ++i) tabs << window.tabs()->tabText(i);
  QCOMPARE(tabs, (QStringList{"Data", "Model", "Training", "Latent map", "Playground", "Experiments"}));
  // Ctrl+1 … Ctrl+6 switch tabs.
  QMenu* view = window.menuBar()->actions().at(2)->menu();
  QStringList shortcuts;
  for (QAction* action : view->actions())
    if (!action->shortcut().isEmpty()) shortcuts << action->shortcut().toString();
  for (int tab = 1; tab <= 6; ++tab)
    QVERIFY2(shortcuts.contains(QString("Ctrl+%1").arg(tab)), qPrintable(shortcuts.join(", ")));
  // Training: Train, Continue run, Pause, Stop, in the menu and on a toolbar seen from every tab;
  // then New sweep (Ctrl+Shift+G).
  QStringList trainingItems;
  for (QAction* action : window.menuBar()->actions().at(1)->menu()->actions())
    if (!action->isSeparator()) trainingItems << action->text().remove('&');
  QCOMPARE(trainingItems, (QStringList{"Train", "Continue run", "Pause", "Stop", "New sweep…"}));
  QCOMPARE(window.findChild<QAction*>("newSweepAction")->shortcut(), QKeySequence("Ctrl+Shift+G"));
  window.show();
  auto* toolbar = window.findChild<QToolBar*>("trainingToolbar");
  QVERIFY(toolbar);
  for (int tab = 0; tab < window.tabs()->count(); ++tab) {
    window.tabs()->setCurrentIndex(tab);
    QVERIFY(toolbar->isVisible());
    QVERIFY(toolbar->widgetForAction(window.menuBar()->actions().at(1)->menu()->actions().first())->isVisible());
  }
  // Help > Keyboard shortcuts lists the menus' shortcuts and the canvases' keys.
  const QString help = shortcutsHtml(window.menuBar()->actions());
  for (const char* expected :
       {"F5", "Continue run", "Shift+F5", "Ctrl+M", "Ctrl+Z", "Ctrl+4", "Ctrl+6", "Ctrl+D", "F2", "Ctrl+Shift+G"})
    QVERIFY2(help.contains(expected), expected);
  // The dialog fits a laptop screen: the list scrolls instead.
  QDialog* dialog = showShortcuts(&window, window.menuBar()->actions());
  QVERIFY(dialog->isVisible());
  QVERIFY2(dialog->frameGeometry().height() <= 800, qPrintable(QString::number(dialog->frameGeometry().height())));
  dialog->close();
}

// 1280x800 laptops: the window's minimum is at most 1280x720, no button or combo is cut
// at 1280x800 on any tab (or Playground page), and hiding the side panel never resizes it.
void MainWindowTest::fitsALaptopScreen() {
  TempDir dir;
  const QString folder = writeSmallIdxDataset(dir / "blobs", 240);
  MainWindow window(false);
  window.show();
  window.openDataset(folder);
  QVERIFY(waitUntil([&] { return window.session()->dataset() != nullptr; }, 10000));
  // A run with a long name is open (its name shows in the Training tab).
  window.session()->setRunDir(
      QString::fromStdString((dir / "20261202-110824-mnist-conv-a-run-with-a-long-descriptive-name").string()));
  const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
  QVERIFY2(minimum.width() <= 1280 && minimum.height() <= 720,
           qPrintable(QString("minimum %1x%2").arg(minimum.width()).arg(minimum.height())));
  window.resize(1280, 800);
  QTest::qWait(50);
  QStringList cut;
  auto checkVisibleControls = [&](const QString& where) {
    for (QWidget* widget : window.findChildren<QWidget*>()) {
      if (!widget->isVisible() || widget->window() != &window) continue;
      // Our buttons and combos (the dock's own title buttons are Qt's icons, drawn to fit).
      const bool control = (qobject_cast<QAbstractButton*>(widget) || qobject_cast<QComboBox*>(widget)) &&
                           !widget->inherits("QDockWidgetTitleButton");
      if (control && widget->width() < widget->sizeHint().width())
        cut << QString("%1: %2 %3 (%4 < %5)")
                   .arg(where, widget->metaObject()->className(),
                        qobject_cast<QAbstractButton*>(widget) ? qobject_cast<QAbstractButton*>(widget)->text()
                                                               : qobject_cast<QComboBox*>(widget)->currentText())
                   .arg(widget->width())
                   .arg(widget->sizeHint().width());
    }
  };
  for (int tab = 0; tab < window.tabs()->count(); ++tab) {
    window.tabs()->setCurrentIndex(tab);
    QTest::qWait(20);
    checkVisibleControls(window.tabs()->tabText(tab));
  }
  auto* pages = window.findChild<QTabWidget*>("playgroundPages");
  QVERIFY(pages);
  for (int page = 0; page < pages->count(); ++page) {
    pages->setCurrentIndex(page);
    QTest::qWait(20);
    checkVisibleControls("Playground " + pages->tabText(page));
  }
  QVERIFY2(cut.isEmpty(), qPrintable(cut.join("\n")));
  QCOMPARE(window.size(), QSize(1280, 800));
  // Ctrl+B twice: the side panel hides and comes back; the window keeps its size.
  QAction* toggle = window.findChild<QDockWidget*>("settingsDock")->toggleViewAction();
  toggle->trigger();
  QTest::qWait(20);
  toggle->trigger();
  QTest::qWait(20);
  QCOMPARE(window.size(), QSize(1280, 800));
}

void MainWindowTest::screenshotsEveryTabAtWindowSize() {
  TempDir dir;
  const QString folder = writeSmallIdxDataset(dir / "blobs", 240);
  MainWindow window(false);
  window.resize(1600, 1000);
  window.show();
  window.openDataset(folder);
  QVERIFY(waitUntil([&] { return window.session()->datasetName() == folder; }, 10000));
  const QStringList files = window.saveScreenshots(QString::fromStdString((dir / "shots").string()));
  QCOMPARE(files.size(), 6);
  for (const QString& file : files) {
    const QImage image(file);
    QVERIFY2(!image.isNull(), qPrintable(file));
    // No panel may push the window wider than the size it was given.
    QCOMPARE(image.size(), QSize(1600, 1000));
  }
  QVERIFY(files.first().endsWith("data.png"));
  QVERIFY(files.last().endsWith("experiments.png"));
  // One tab under another name (the Playground pages in use): the same window size, the tab shown before kept.
  window.tabs()->setCurrentIndex(0);
  const QString page =
      window.saveScreenshot(QString::fromStdString((dir / "shots").string()), "playground", "playground-draw.png");
  QVERIFY(page.endsWith("playground-draw.png"));
  QCOMPARE(QImage(page).size(), QSize(1600, 1000));
  QCOMPARE(window.tabs()->currentIndex(), 0);
  QVERIFY(window.saveScreenshot(QString::fromStdString((dir / "shots").string()), "no-such-tab", "x.png").isEmpty());
  // Every tab has been shown: none may need more than the 1600 pixels the window was given.
  QVERIFY2(window.minimumSizeHint().width() <= 1600, qPrintable(QString::number(window.minimumSizeHint().width())));
}

void MainWindowTest::remembersLayoutAndChoices() {
  TempDir dir;
  const QString folder = writeSmallIdxDataset(dir / "blobs", 120);
  qputenv("XDG_CONFIG_HOME", QByteArray::fromStdString((dir / "config").string()));
  {
    MainWindow window(/*restoreSettings=*/true);
    window.show();
    window.openDataset(folder);
    QVERIFY(waitUntil([&] { return window.session()->datasetName() == folder && window.session()->dataset(); }, 10000));
    window.session()->setPreset("lab1-maxpool");
    TrainConfig config = window.session()->config();
    config.epochs = 7;
    config.learningRate = 0.0042;
    window.session()->setConfig(config);
    window.tabs()->setCurrentIndex(2);
    window.close();
  }
  MainWindow again(/*restoreSettings=*/true);
  QCOMPARE(again.session()->presetName(), QString("lab1-maxpool"));
  QCOMPARE(again.session()->config().epochs, 7);
  QCOMPARE(again.session()->config().learningRate, 0.0042);
  QCOMPARE(again.tabs()->currentIndex(), 2);
  QVERIFY(waitUntil([&] { return again.session()->datasetName() == folder && again.session()->dataset(); }, 10000));
}

void MainWindowTest::ganPresetDisablesTheAutoencoderOnlySettings() {
  MainWindow window(false);
  window.show();
  auto* loss = window.findChild<QComboBox*>("settingsLoss");
  auto* corruption = window.findChild<QComboBox*>("settingsCorruption");
  QVERIFY(loss && corruption);
  window.session()->setPreset("mnist-dcgan");
  QVERIFY(!loss->isEnabled());
  QVERIFY(!corruption->isEnabled());
  QVERIFY(corruption->toolTip().contains("GAN"));
  QCOMPARE(window.session()->config().adamBeta1, 0.5);  // the preset's training block
  QCOMPARE(window.session()->config().weightDecay, 0.0);
  // The Playground's tools all encode: for a GAN they are disabled with the reason, up front.
  auto* pages = window.findChild<QTabWidget*>("playgroundPages");
  auto* notice = window.findChild<QLabel*>("playgroundGanNotice");
  QVERIFY(pages && notice);
  QVERIFY(!pages->isEnabled());
  QVERIFY(!notice->isHidden());
  QVERIFY2(notice->text().contains("mnist-dcgan is a GAN") && notice->text().contains("Latent map"),
           qPrintable(notice->text()));
  window.session()->setPreset("mnist-conv");
  QVERIFY(loss->isEnabled());
  QVERIFY(corruption->isEnabled());
  QVERIFY(!corruption->toolTip().contains("GAN"));
  // The GAN's recipe does not stay behind: settings mnist-conv does not name are the defaults.
  QCOMPARE(window.session()->config().adamBeta1, TrainConfig().adamBeta1);
  QVERIFY(pages->isEnabled());
  QVERIFY(notice->isHidden());
}

void MainWindowTest::exportsThePlotAsPngAndPdf() {
  TempDir dir;
  MainWindow window(false);
  window.show();
  QCustomPlot* plot = qobject_cast<Panel*>(window.tabs()->widget(0))->exportablePlot();
  QVERIFY(plot);
  QString error;
  for (const char* name : {"plot.png", "plot.pdf"}) {
    const QString path = QString::fromStdString((dir / name).string());
    QVERIFY2(exportPlot(plot, path, &error), qPrintable(error));
    QVERIFY(QFileInfo(path).size() > 500);
  }
  QVERIFY(!exportPlot(plot, QString::fromStdString((dir / "plot.bmpx").string()), &error));
  QVERIFY2(error.contains(".png") && error.contains(".pdf"), qPrintable(error));
}

QTEST_MAIN(MainWindowTest)
#include "mainwindow_test.moc"
