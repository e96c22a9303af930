#pragma once

// The lab report's PDF and the PNG copies of its charts, drawn with Qt (QPdfWriter,
// QSvgRenderer): the report document from core/report laid out on A4 pages with the
// charts as vector graphics. A small library of its own (Qt Gui and Svg, no widgets),
// so the CLI writes PDFs too where Qt is built.

#include "report/reportdocument.h"

#include <filesystem>
#include <string>

namespace latentlab {

// Both renderers. In a program without a QGuiApplication (the CLI) this first creates
// one on the offscreen platform: call it on the main thread.
ReportRenderers qtReportRenderers();

// Throws an input Error naming `path` when it cannot be written.
void writeReportPdf(const ReportDocument& document, const std::filesystem::path& path);

// The PNG file's bytes of `svg` drawn `width` pixels wide on white.
std::string rasterizeSvg(const std::string& svg, int width);

}  // namespace latentlab
