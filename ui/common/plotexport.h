#pragma once

#include <QString>

class QCustomPlot;
class QWidget;

namespace latentlab {

// Asks for a file name and saves the plot as PNG (2x resolution) or PDF, by extension.
// Returns the path written, or an empty string when cancelled; throws nothing.
QString exportPlotInteractively(QCustomPlot* plot, QWidget* parent, const QString& suggestedName);

// Saves to `path` (.png or .pdf); returns false and sets `error` on failure.
bool exportPlot(QCustomPlot* plot, const QString& path, QString* error);

}  // namespace latentlab
