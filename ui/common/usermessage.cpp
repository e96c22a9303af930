#include "common/usermessage.h"

#include "common/settingtext.h"

#include <QCoreApplication>
#include <QHash>

namespace latentlab {

QString guiSettingName(const std::string& key) {
  // The labels of the Settings panel (and the menus) where the user changes each one.
  static const QHash<QString, const char*> labels = {
      {"lr", QT_TRANSLATE_NOOP("Settings", "Learning rate")},
      {"weight-decay", QT_TRANSLATE_NOOP("Settings", "Weight decay")},
      {"momentum", QT_TRANSLATE_NOOP("Settings", "Momentum")},
      {"beta", QT_TRANSLATE_NOOP("Settings", "VAE beta")},
      {"batch", QT_TRANSLATE_NOOP("Settings", "Batch size")},
      {"epochs", QT_TRANSLATE_NOOP("Settings", "Epochs")},
      {"early-stop", QT_TRANSLATE_NOOP("Settings", "Early stopping")},
      {"threads", QT_TRANSLATE_NOOP("Settings", "Threads")},
      {"device", QT_TRANSLATE_NOOP("Settings", "Device")},
      {"loss", QT_TRANSLATE_NOOP("Settings", "Loss")},
      {"optimizer", QT_TRANSLATE_NOOP("Settings", "Optimizer")},
      {"seed", QT_TRANSLATE_NOOP("Settings", "Seed")},
      {"corruption", QT_TRANSLATE_NOOP("Settings", "Input corruption")},
      {"limit", QT_TRANSLATE_NOOP("Settings", "Limit")},
      {"split", QT_TRANSLATE_NOOP("Settings", "Points from")},
      {"val-fraction", QT_TRANSLATE_NOOP("Settings", "Validation share")},
      {"test-fraction", QT_TRANSLATE_NOOP("Settings", "Test share")},
      {"data-dir", QT_TRANSLATE_NOOP("Settings", "Data folder (--data-dir or LATENTLAB_DATA)")},
      {"dataset", QT_TRANSLATE_NOOP("Settings", "Set")},
      {"run", QT_TRANSLATE_NOOP("Settings", "File > Open run")},
      {"out", QT_TRANSLATE_NOOP("Settings", "Run folder")},
      {"resume", QT_TRANSLATE_NOOP("Settings", "Training > Continue run")},
      {"spec", QT_TRANSLATE_NOOP("Settings", "Model")},
      {"preset", QT_TRANSLATE_NOOP("Settings", "Preset")},
      {"ood", QT_TRANSLATE_NOOP("Settings", "Compare with")},
      {"perplexity", QT_TRANSLATE_NOOP("Settings", "Perplexity")},
      {"iterations", QT_TRANSLATE_NOOP("Settings", "t-SNE iterations")},
      {"method", QT_TRANSLATE_NOOP("Settings", "Method")},
      {"image-size", QT_TRANSLATE_NOOP("Settings", "Image size")},
      {"points", QT_TRANSLATE_NOOP("Settings", "Points")},
      {"grid", QT_TRANSLATE_NOOP("Settings", "Axes (New sweep)")},
      {"halving", QT_TRANSLATE_NOOP("Settings", "Successive halving")},
      {"yes", QT_TRANSLATE_NOOP("Settings", "the confirmation")},
      {"latent", QT_TRANSLATE_NOOP("Settings", "Latent size")},
      {"dropout", QT_TRANSLATE_NOOP("Settings", "Dropout")},
      {"builtin", QT_TRANSLATE_NOOP("Settings", "Start from (New sweep)")},
      {"label-fraction", QT_TRANSLATE_NOOP("Settings", "Labels used (linear probe)")},
  };
  const auto found = labels.constFind(QString::fromStdString(key));
  const QString label =
      found == labels.constEnd() ? QString::fromStdString(key) : QCoreApplication::translate("Settings", *found);
  return QStringLiteral("“%1”").arg(label);
}

QString userText(const std::string& coreMessage) {
  return QString::fromStdString(
      renderSettings(coreMessage, [](const std::string& key) { return guiSettingName(key).toStdString(); }));
}

QString userMessage(const JobFailure& failure) {
  QString text = userText(failure.message);
  if (!text.isEmpty()) text[0] = text[0].toUpper();
  return text;
}

QString currentErrorMessage() {
  return userMessage(describeFailure(std::current_exception()));
}

QString userMessage(const QString& exceptionText) {
  JobFailure failure = describeLibraryMessage(exceptionText.toStdString());
  return userMessage(failure);
}

}  // namespace latentlab
