#include "training/chartaxes.h"

#include <algorithm>
#include <limits>

namespace latentlab {

void setLogScaleAxis(QCPAxis* axis, bool logScale) {
  axis->setScaleType(logScale ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  axis->setTicker(logScale ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                           : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
}

bool fitValueAxis(QCPAxis* axis, std::initializer_list<const QCPGraph*> graphs, bool logScale) {
  const QCP::SignDomain domain = logScale ? QCP::sdPositive : QCP::sdBoth;
  double lower = std::numeric_limits<double>::max(), upper = std::numeric_limits<double>::lowest();
  for (const QCPGraph* graph : graphs) {
    bool found = false;
    const QCPRange values = graph->getValueRange(found, domain);
    if (!found) continue;
    lower = std::min(lower, values.lower);
    upper = std::max(upper, values.upper);
  }
  if (lower > upper) return false;
  if (logScale)
    axis->setRange(lower / 1.3, upper * 1.3);
  else
    axis->setRange(std::max(0.0, lower - 0.05 * (upper - lower)), upper + 0.05 * (upper - lower) + 1e-9);
  return true;
}

}  // namespace latentlab
