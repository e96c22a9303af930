#pragma once

// QCustomPlot's header is written with Qt's `signals` and `foreach` keywords,
// which QT_NO_KEYWORDS (needed wherever LibTorch may meet Qt) switches off.
// Include QCustomPlot only through this header: it maps the two words to their
// Q_ spellings just for QCustomPlot, then removes them again.
#include <QtGlobal>

#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef foreach
