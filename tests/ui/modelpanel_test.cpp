// The Model tab: presets, live summary, marked impossible layers, row editing and JSON round trips.
#include <QMessageBox>  // before errorreporter.h, whose inline visibleBox() needs the complete type

#include "common/errorreporter.h"
#include "fixtures.h"
#include "model/layereditor.h"
#include "model/layertablemodel.h"
#include "model/modelpanel.h"
#include "model/modelsettingsform.h"
#include "model/summaryview.h"
#include "modelspec.h"
#include "presets.h"
#include "session/session.h"
#include "tempdir.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace latentlab;

namespace {
// A panel wired to its own session, as the main window wires it.
struct Fixture {
  QWidget window;
  Session session;
  ErrorReporter errors{&window};
  ModelPanel panel{&session, &errors};

  explicit Fixture(const QString& preset = "mnist-conv") {
    if (!preset.isEmpty()) session.setPreset(preset);
  }
  LayerTableModel* layers() { return panel.layerModel(); }
  QModelIndex cell(int row, int column) { return layers()->index(row, column); }
  QString total() { return panel.summaryView()->totalText(); }
  void select(int row) {
    panel.layerView()->selectionModel()->setCurrentIndex(
        cell(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  }
};

// Lets pending layouts and delayed header resizes run first, as a shown window would.
bool shoot(QWidget& widget, const QString& name) {
  QTest::qWait(50);
  const QString folder = qEnvironmentVariable("LATENTLAB_SCREENSHOT_DIR", QDir::tempPath());
  return widget.grab().save(QDir(folder).filePath(name));
}

QString summaryColumn(SummaryView* view, int column) {
  QStringList cells;
  for (int row = 0; row < view->table()->rowCount(); ++row) cells << view->table()->item(row, column)->text();
  return cells.join('\n');
}
}  // namespace

class ModelPanelTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void choosingAPresetShowsItsExactTotal();
  void editingChannelsUpdatesSummaryAndSession();
  void impossibleKernelIsMarkedOnItsRow();
  void modelWideErrorShowsWithoutMarkingARow();
  void addRemoveAndMoveRows();
  void delegateEditorsFollowTheModel();
  void keyboardShortcutsEditRows();
  void explicitDecoderIsKeptWhileEditingTheEncoder();
  void outsideSpecChangesReloadTheEditorWithoutLooping();
  void saveAndLoadRoundTrip();
  void loadErrorsNameTheFile();
  void datasetFitIsShown();
  void renderAt1600x1000();
};

void ModelPanelTest::choosingAPresetShowsItsExactTotal() {
  Fixture f("");
  // Through the tab's own preset box, as a user would.
  QComboBox* box = f.panel.presetBox();
  const int mnist = box->findData("mnist-conv");
  QVERIFY(mnist >= 0);
  box->setCurrentIndex(mnist);
  Q_EMIT box->activated(mnist);
  QCOMPARE(f.session.presetName(), QString("mnist-conv"));
  QCOMPARE(f.total(), QString("Total parameters: 329,227"));
  QCOMPARE(f.layers()->rowCount(), 4);
  QVERIFY(f.panel.summaryView()->errorText().isEmpty());
  QVERIFY(f.panel.summaryView()->codeText().contains("Code: 10 values"));
  QVERIFY(f.panel.presetInfo()->text().contains("seed 002"));

  // Through the session, as the side panel does.
  f.session.setPreset("cifar-4911");
  QCOMPARE(f.total(), QString("Total parameters: 4,911"));
  QCOMPARE(box->currentData().toString(), QString("cifar-4911"));
  QCOMPARE(f.layers()->rowCount(), 3);
  QVERIFY(summaryColumn(f.panel.summaryView(), 0).contains("Decoder (explicit, read-only)"));
  QVERIFY(f.panel.summaryView()->codeText().contains("16x8x8 = 1,024 values"));
  QVERIFY(!f.session.specEdited());

  // A GAN says where its samples come from.
  f.session.setPreset("mnist-dcgan");
  QVERIFY2(f.panel.summaryView()->codeText().contains("running average of the generator's weights (decay 0.999)"),
           qPrintable(f.panel.summaryView()->codeText()));
  QDoubleSpinBox* average = f.panel.settingsForm()->generatorAverageBox();
  QVERIFY(average->isEnabled());
  QCOMPARE(average->value(), 0.999);
  QCOMPARE(average->text(), QString("0.999"));
  // Turning it off in the form reaches the spec (and its summary); it is marked as an edit.
  average->setValue(0.0);
  QCOMPARE(f.session.spec().generatorAverage, 0.0);
  QVERIFY(f.session.specEdited());
  QVERIFY(!f.panel.summaryView()->codeText().contains("average"));
  average->setValue(0.9995);
  QCOMPARE(average->text(), QString("0.9995"));
  QCOMPARE(f.session.spec().generatorAverage, 0.9995);
  f.session.setPreset("mnist-gan-seed002");
  QCOMPARE(average->value(), 0.0);
  QCOMPARE(average->text(), QString("Off"));
  QVERIFY(f.panel.summaryView()->codeText().startsWith("Latent z: 100 values"));
  QVERIFY(!f.panel.summaryView()->codeText().contains("average"));
  f.session.setPreset("mnist-conv");
  QVERIFY(!average->isEnabled());  // only a GAN has a generator

  // Every preset builds in the editor without an error.
  for (const auto& name : presetNames()) {
    f.session.setPreset(QString::fromStdString(name));
    QVERIFY2(f.panel.summaryView()->errorText().isEmpty(), name.c_str());
    QCOMPARE(f.layers()->errorRow(), -1);
  }
}

void ModelPanelTest::editingChannelsUpdatesSummaryAndSession() {
  Fixture f;
  QVERIFY(f.layers()->setData(f.cell(0, LayerTableModel::SizeColumn), 32));
  // conv 1->32 (+80), conv 32->48 (+3,456), deconv 48->32 (+3,464), deconv 32->1 (+72).
  QCOMPARE(f.total(), QString("Total parameters: 336,299"));
  QCOMPARE(f.session.spec().encoder[0].size, 32);
  QVERIFY(f.session.specEdited());
  QCOMPARE(f.session.presetName(), QString("mnist-conv"));
  QVERIFY(f.panel.presetInfo()->text().contains("edited"));

  // Out-of-range values are refused, not clamped silently.
  QVERIFY(!f.layers()->setData(f.cell(0, LayerTableModel::SizeColumn), 0));
  QVERIFY(!f.layers()->setData(f.cell(0, LayerTableModel::KernelColumn), 16));
  QCOMPARE(f.session.spec().encoder[0].size, 32);

  // Combo columns take their label; the activation override reaches the spec.
  QVERIFY(f.layers()->setData(f.cell(1, LayerTableModel::ActivationColumn), "Tanh"));
  QCOMPARE(f.session.spec().encoder[1].activation, std::optional<Activation>(Activation::Tanh));
  QVERIFY(f.layers()->setData(f.cell(1, LayerTableModel::ActivationColumn), 0));  // back to the model's
  QVERIFY(!f.session.spec().encoder[1].activation.has_value());

  // A model-wide setting counts too.
  f.panel.settingsForm()->latentBox()->setValue(16);
  QCOMPARE(f.session.spec().latent, 16);
}

void ModelPanelTest::impossibleKernelIsMarkedOnItsRow() {
  Fixture f;
  const ModelSpec good = f.session.spec();
  // Layer 3 sees a 48x7x7 map: a 9x9 kernel without padding cannot fit.
  QVERIFY(f.layers()->setData(f.cell(2, LayerTableModel::KernelColumn), 9));
  QCOMPARE(f.layers()->errorRow(), 2);
  const QString tip = f.layers()->data(f.cell(2, LayerTableModel::SizeColumn), Qt::ToolTipRole).toString();
  QVERIFY2(tip.contains("smaller than the 9x9 kernel"), qPrintable(tip));
  QVERIFY(f.layers()->data(f.cell(2, 0), Qt::BackgroundRole).isValid());
  QVERIFY(!f.layers()->data(f.cell(1, 0), Qt::BackgroundRole).isValid());

  SummaryView* summary = f.panel.summaryView();
  QVERIFY(summary->isStale());
  QVERIFY2(summary->errorText().contains("encoder layer 3", Qt::CaseInsensitive), qPrintable(summary->errorText()));
  QVERIFY(summary->errorText().contains("row 3"));
  QCOMPARE(f.total(), QString("Total parameters: 329,227"));

  // The session keeps the last valid spec.
  QCOMPARE(toJson(f.session.spec()), toJson(good));
  QCOMPARE(f.panel.editedSpec().encoder[2].kernel, 9);

  // Padding 1 makes room (7 + 2 = 9), as the message suggests: the mark goes and the spec reaches the session.
  QVERIFY(f.layers()->setData(f.cell(2, LayerTableModel::PaddingColumn), 1));
  QCOMPARE(f.layers()->errorRow(), -1);
  QVERIFY(!summary->isStale());
  QCOMPARE(f.session.spec().encoder[2].kernel, 9);
  QCOMPARE(f.session.spec().encoder[2].padding, 1);
  QVERIFY(f.total() != QString("Total parameters: 329,227"));
}

void ModelPanelTest::modelWideErrorShowsWithoutMarkingARow() {
  Fixture f("mnist-vae");
  QSpinBox* latent = f.panel.settingsForm()->latentBox();
  latent->setValue(0);  // a VAE needs a latent layer
  QCOMPARE(f.layers()->errorRow(), -1);
  QVERIFY2(f.panel.summaryView()->errorText().contains("VAE"), qPrintable(f.panel.summaryView()->errorText()));
  QVERIFY(f.session.spec().latent > 0);
  latent->setValue(8);
  QVERIFY(f.panel.summaryView()->errorText().isEmpty());
  QCOMPARE(f.session.spec().latent, 8);
}

void ModelPanelTest::addRemoveAndMoveRows() {
  Fixture f;  // conv 24, conv 48, conv 96, linear 128
  ModelPanel& panel = f.panel;
  f.select(0);
  QVERIFY(!panel.layerEditor()->moveUpAction()->isEnabled());
  QVERIFY(panel.layerEditor()->moveDownAction()->isEnabled());

  // Add conv after the selected conv: a copy of it, selected.
  f.select(1);
  panel.layerEditor()->addConvAction()->trigger();
  QCOMPARE(f.layers()->rowCount(), 5);
  QCOMPARE(f.layers()->layers()[2].type, LayerType::Conv);
  QCOMPARE(f.layers()->layers()[2].size, 48);
  QCOMPARE(panel.layerView()->currentIndex().row(), 2);
  QCOMPARE(f.session.spec().encoder.size(), std::size_t(5));
  QVERIFY(f.total() != QString("Total parameters: 329,227"));

  panel.layerEditor()->removeAction()->trigger();
  QCOMPARE(f.layers()->rowCount(), 4);
  QCOMPARE(f.session.spec().encoder.size(), std::size_t(4));
  QCOMPARE(f.total(), QString("Total parameters: 329,227"));

  // Add linear with the last conv selected: goes to the end, half the previous linear.
  f.select(2);
  panel.layerEditor()->addLinearAction()->trigger();
  QCOMPARE(f.layers()->rowCount(), 5);
  QCOMPARE(f.layers()->layers()[4].type, LayerType::Linear);
  QCOMPARE(f.layers()->layers()[4].size, 64);
  panel.layerEditor()->removeAction()->trigger();
  QCOMPARE(f.layers()->rowCount(), 4);

  // Moving the linear above a conv is impossible: the conv after it is marked.
  f.select(3);
  QVERIFY(!panel.layerEditor()->moveDownAction()->isEnabled());
  panel.layerEditor()->moveUpAction()->trigger();
  QCOMPARE(f.layers()->layers()[2].type, LayerType::Linear);
  QCOMPARE(panel.layerView()->currentIndex().row(), 2);
  QCOMPARE(f.layers()->errorRow(), 3);
  QVERIFY(f.panel.summaryView()->errorText().contains("before linear layers"));
  QCOMPARE(f.session.spec().encoder[2].type, LayerType::Conv);  // the session kept the valid order
  panel.layerEditor()->moveDownAction()->trigger();
  QCOMPARE(f.layers()->errorRow(), -1);
  QCOMPARE(f.total(), QString("Total parameters: 329,227"));

  // Changing a row's type: a linear layer has no kernel to edit.
  QVERIFY(f.layers()->setData(f.cell(2, LayerTableModel::TypeColumn), "Linear"));
  QVERIFY(!(f.layers()->flags(f.cell(2, LayerTableModel::KernelColumn)) & Qt::ItemIsEditable));
  QCOMPARE(f.session.spec().encoder[2].type, LayerType::Linear);

  // Removing everything leaves a latent-only model, still valid.
  for (int row = f.layers()->rowCount() - 1; row >= 0; --row) {
    f.select(row);
    panel.layerEditor()->removeAction()->trigger();
  }
  QCOMPARE(f.layers()->rowCount(), 0);
  QVERIFY(!panel.layerEditor()->removeAction()->isEnabled());
  QVERIFY(f.panel.summaryView()->errorText().isEmpty());
}

void ModelPanelTest::delegateEditorsFollowTheModel() {
  Fixture f;
  QTableView* view = f.panel.layerView();
  QAbstractItemDelegate* delegate = view->itemDelegate();
  const QStyleOptionViewItem option;

  const QModelIndex type = f.cell(0, LayerTableModel::TypeColumn);
  std::unique_ptr<QWidget> editor(delegate->createEditor(view->viewport(), option, type));
  auto* combo = qobject_cast<QComboBox*>(editor.get());
  QVERIFY(combo);
  QCOMPARE(combo->count(), 2);
  delegate->setEditorData(combo, type);
  QCOMPARE(combo->currentText(), QString("Conv"));

  const QModelIndex activation = f.cell(0, LayerTableModel::ActivationColumn);
  editor.reset(delegate->createEditor(view->viewport(), option, activation));
  combo = qobject_cast<QComboBox*>(editor.get());
  QVERIFY(combo);
  QCOMPARE(combo->itemText(0), QString("Default (ReLU)"));
  combo->setCurrentIndex(combo->findText("SELU"));
  delegate->setModelData(combo, f.layers(), activation);
  QCOMPARE(f.session.spec().encoder[0].activation, std::optional<Activation>(Activation::SELU));

  const QModelIndex size = f.cell(0, LayerTableModel::SizeColumn);
  editor.reset(delegate->createEditor(view->viewport(), option, size));
  auto* spin = qobject_cast<QSpinBox*>(editor.get());
  QVERIFY(spin);
  QCOMPARE(spin->minimum(), 1);
  QCOMPARE(spin->maximum(), 65536);
  delegate->setEditorData(spin, size);
  QCOMPARE(spin->value(), 24);
  spin->setValue(30);
  delegate->setModelData(spin, f.layers(), size);
  QCOMPARE(f.session.spec().encoder[0].size, 30);

  // A linear layer's kernel is not editable, so it gets no editor from the view.
  QVERIFY(!(f.layers()->flags(f.cell(3, LayerTableModel::KernelColumn)) & Qt::ItemIsEditable));
}

void ModelPanelTest::keyboardShortcutsEditRows() {
  Fixture f;
  f.panel.show();
  QApplication::setActiveWindow(&f.panel);
  QVERIFY(QTest::qWaitForWindowActive(&f.panel));
  QTableView* view = f.panel.layerView();
  view->setFocus();
  f.select(1);
  QTest::keyClick(view, Qt::Key_Down, Qt::AltModifier);  // move down
  QCOMPARE(f.layers()->layers()[2].size, 48);
  QTest::keyClick(view, Qt::Key_Up, Qt::AltModifier);  // and back up
  QCOMPARE(f.layers()->layers()[1].size, 48);
  QTest::keyClick(view, Qt::Key_Delete);
  QCOMPARE(f.layers()->rowCount(), 3);
  QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);  // add conv
  QCOMPARE(f.layers()->rowCount(), 4);
  QCOMPARE(f.session.spec().encoder.size(), std::size_t(4));
}

void ModelPanelTest::explicitDecoderIsKeptWhileEditingTheEncoder() {
  Fixture f("cifar-4911");
  const ModelSpec preset = f.session.spec();
  QVERIFY(!preset.mirrorDecoder);
  QCOMPARE(f.panel.settingsForm()->decoderBox()->currentIndex(), 1);
  QVERIFY(f.layers()->setData(f.cell(0, LayerTableModel::SizeColumn), 10));
  QVERIFY(!f.session.spec().mirrorDecoder);
  QVERIFY(f.session.spec().decoder == preset.decoder);
  QCOMPARE(f.session.spec().encoder[0].size, 10);

  // Channels the explicit decoder cannot take: its message says how to get out.
  QVERIFY(f.layers()->setData(f.cell(2, LayerTableModel::PoolingColumn), "Max 2x2"));
  QVERIFY2(f.panel.summaryView()->errorText().contains("Mirror of the encoder"),
           qPrintable(f.panel.summaryView()->errorText()));
  f.panel.settingsForm()->decoderBox()->setCurrentIndex(0);
  QVERIFY(f.panel.summaryView()->errorText().isEmpty());
  QVERIFY(f.session.spec().mirrorDecoder);
  // And back to the preset's own decoder, unchanged.
  f.panel.settingsForm()->decoderBox()->setCurrentIndex(1);
  QVERIFY(f.layers()->setData(f.cell(2, LayerTableModel::PoolingColumn), "None"));
  QVERIFY(f.panel.summaryView()->errorText().isEmpty());
  QVERIFY(!f.session.spec().mirrorDecoder);
  QVERIFY(f.session.spec().decoder == preset.decoder);
}

void ModelPanelTest::outsideSpecChangesReloadTheEditorWithoutLooping() {
  Fixture f;
  QSignalSpy changes(&f.session, &Session::specChanged);
  QVERIFY(f.layers()->setData(f.cell(1, LayerTableModel::SizeColumn), 40));
  QCOMPARE(changes.count(), 1);  // one edit, one push: the echo does not reload or push again
  QCOMPARE(f.layers()->layers()[1].size, 40);

  // A run opened elsewhere replaces the spec: the editor follows.
  ModelSpec opened = presetSpec("mnist-vae");
  opened.latent = 4;
  f.session.setSpec(opened);
  QCOMPARE(f.layers()->layers().size(), opened.encoder.size());
  QCOMPARE(f.panel.settingsForm()->kindBox()->currentIndex(), 1);
  QCOMPARE(f.panel.settingsForm()->latentBox()->value(), 4);
  QCOMPARE(toJson(f.panel.editedSpec()), toJson(opened));
}

void ModelPanelTest::saveAndLoadRoundTrip() {
  test::TempDir dir;
  for (const char* preset : {"mnist-conv", "cifar-4911", "mnist-vae"}) {
    Fixture f(preset);
    QVERIFY(f.layers()->setData(f.cell(0, LayerTableModel::SizeColumn), 20));
    const ModelSpec saved = f.panel.editedSpec();
    const QString path = QString::fromStdString((dir / (std::string(preset) + ".json")).string());
    QVERIFY(f.panel.saveSpecTo(path));
    QVERIFY(QFile::exists(path));

    f.session.setPreset("svhn-conv-128");
    QVERIFY(toJson(f.panel.editedSpec()) != toJson(saved));
    QVERIFY(f.panel.loadSpecFrom(path));
    QCOMPARE(toJson(f.panel.editedSpec()), toJson(saved));
    QCOMPARE(toJson(f.session.spec()), toJson(saved));
    QVERIFY(f.panel.presetInfo()->text().contains(QString(preset) + ".json"));
    QCOMPARE(f.panel.presetBox()->currentIndex(), -1);  // "Custom spec"
    QCOMPARE(f.errors.lastMessage(), QString());
  }
}

void ModelPanelTest::loadErrorsNameTheFile() {
  test::TempDir dir;
  Fixture f;
  const ModelSpec before = f.session.spec();
  const QString broken = QString::fromStdString((dir / "broken.json").string());
  QFile file(broken);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("{\"input\": [1, 28, 28], \"encoder\": [{\"conv\": 8, ");
  file.close();
  QVERIFY(!f.panel.loadSpecFrom(broken));
  QVERIFY2(f.errors.lastMessage().contains("broken.json"), qPrintable(f.errors.lastMessage()));
  QCOMPARE(toJson(f.session.spec()), toJson(before));
  if (f.errors.visibleBox()) f.errors.visibleBox()->close();

  QVERIFY(!f.panel.loadSpecFrom(QString::fromStdString((dir / "missing.json").string())));
  QVERIFY2(f.errors.lastMessage().contains("missing.json"), qPrintable(f.errors.lastMessage()));

  // A file that parses but cannot be built loads, marked, and stays out of the session.
  const QString impossible = QString::fromStdString((dir / "impossible.json").string());
  QFile second(impossible);
  QVERIFY(second.open(QIODevice::WriteOnly));
  second.write(R"({"input": [1, 8, 8], "encoder": [{"conv": 8, "kernel": 3, "stride": 2},
                  {"conv": 8, "kernel": 5}], "latent": 4})");
  second.close();
  QVERIFY(f.panel.loadSpecFrom(impossible));
  QCOMPARE(f.layers()->errorRow(), 1);
  QCOMPARE(toJson(f.session.spec()), toJson(before));
}

void ModelPanelTest::datasetFitIsShown() {
  Fixture f;
  QLabel* note = f.panel.findChild<QLabel*>("datasetFitNote");
  QVERIFY(note);
  QVERIFY(note->isHidden());
  f.session.setDataset(std::make_shared<Dataset>(test::makeBlobDataset(20, ImageShape{3, 32, 32})), "blobs");
  QVERIFY(!note->isHidden());
  QVERIFY2(note->text().startsWith("Does not fit"), qPrintable(note->text()));
  f.session.setPreset("cifar-4911");
  QVERIFY2(note->text().startsWith("Fits the loaded dataset blobs"), qPrintable(note->text()));
}

void ModelPanelTest::renderAt1600x1000() {
  Fixture f;
  f.panel.resize(1600, 1000);
  f.panel.show();
  QVERIFY(QTest::qWaitForWindowExposed(&f.panel));
  f.select(1);
  QVERIFY(shoot(f.panel, "modelpanel.png"));

  // The same tab with an impossible layer, to check the error state reads well.
  QVERIFY(f.layers()->setData(f.cell(2, LayerTableModel::KernelColumn), 9));
  QVERIFY(shoot(f.panel, "modelpanel-error.png"));
  f.session.setPreset("cifar-4911");
  QVERIFY(shoot(f.panel, "modelpanel-cifar.png"));
  // About the width the tab gets beside the main window's settings dock.
  f.session.setPreset("colored-mnist-conv4-bn-dropout");
  f.panel.resize(1290, 940);
  QVERIFY(shoot(f.panel, "modelpanel-narrow.png"));
}

QTEST_MAIN(ModelPanelTest)
#include "modelpanel_test.moc"
