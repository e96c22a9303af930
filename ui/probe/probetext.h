#pragma once

// The linear probe's figures in words: percentages, a confusion cell's tooltip and
// caption, the summary of what a probe used, and seed 002's reference result.

#include "probe/linearprobe.h"

#include <QString>
#include <QStringList>

namespace latentlab {

// "89.41%" (a fraction in [0, 1]); "–" for NaN.
QString probePercent(double fraction, int decimals = 2);

// The result's class names, or "0", "1", … when it has none for a class.
QStringList probeClassNames(const ProbeResult& result, int classes);

// "true 4 → predicted 9: 37 items (3.8% of the 4s)".
QString confusionCellText(const QString& truth, const QString& predicted, long long count, long long rowTotal);

// "probe: true 4 → predicted 9", the latent map's legend entry for the cell's items.
QString confusionCellCaption(const QString& truth, const QString& predicted);

// "5,400 labelled training items (100% of the labels) · 1,000 test items · code 10 · epoch 12 weights, frozen".
QString probeSummary(const ProbeResult& result);

// Seed 002's result, the reference to compare with.
QString probeReferenceText();

}  // namespace latentlab
