#include "probe/probetext.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace latentlab {

namespace {
QString tr(const char* text) {
  return QCoreApplication::translate("Probe", text);
}
}  // namespace

QString probePercent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return QStringLiteral("–");
  return QStringLiteral("%1%").arg(fraction * 100.0, 0, 'f', decimals);
}

QStringList probeClassNames(const ProbeResult& result, int classes) {
  QStringList names;
  for (int k = 0; k < classes; ++k)
    names << (std::size_t(k) < result.classNames.size() && !result.classNames[std::size_t(k)].empty()
                  ? QString::fromStdString(result.classNames[std::size_t(k)])
                  : QString::number(k));
  return names;
}

QString confusionCellText(const QString& truth, const QString& predicted, long long count, long long rowTotal) {
  const QString items = count == 1 ? tr("1 item") : tr("%1 items").arg(QLocale().toString(count));
  const QString share = rowTotal > 0 ? probePercent(double(count) / double(rowTotal), 1) : QStringLiteral("–");
  return tr("true %1 → predicted %2: %3 (%4 of the %5s)").arg(truth, predicted, items, share, truth);
}

QString confusionCellCaption(const QString& truth, const QString& predicted) {
  return tr("probe: true %1 → predicted %2").arg(truth, predicted);
}

QString probeSummary(const ProbeResult& result) {
  const QLocale locale;
  QStringList parts;
  parts << tr("%1 labelled training items (%2 of the labels)")
               .arg(locale.toString(qulonglong(result.trainItems)), probePercent(result.labelFraction, 0));
  long long tested = 0;
  for (const auto& row : result.confusion)
    for (long long count : row) tested += count;
  parts << tr("%1 test items").arg(locale.toString(tested));
  if (result.codeSize > 0) parts << tr("code %1").arg(result.codeSize);
  parts << (result.fineTuned ? tr("epoch %1 weights, encoder fine-tuned") : tr("epoch %1 weights, encoder frozen"))
               .arg(result.epoch);
  return parts.join(QStringLiteral(" · "));
}

QString probeReferenceText() {
  return tr("Seed 002 reached 89.41% with a code of 10 on MNIST (frozen encoder, one linear layer).");
}

}  // namespace latentlab
