#pragma once

// Value-axis helpers the loss charts share: switching between a linear and a log scale, and
// fitting the axis to what its graphs hold (a little headroom, never below 0 when linear).

#include "common/qcustomplotinclude.h"

#include <initializer_list>

namespace latentlab {

void setLogScaleAxis(QCPAxis* axis, bool logScale);

// Fits `axis` to the values of `graphs` (positive ones on a log scale); false when none has data.
bool fitValueAxis(QCPAxis* axis, std::initializer_list<const QCPGraph*> graphs, bool logScale);

}  // namespace latentlab
