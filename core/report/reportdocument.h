#pragma once

// A lab report as a list of blocks (headings, text, tables, figures), built once by
// the report jobs and rendered by each writer: HTML here in core, PDF by the Qt
// renderer in ui/reportpdf. Torch-free and Qt-free.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace latentlab {

struct ReportBlock {
  enum class Kind {
    Title,      // the report's heading: text
    Section,    // a section heading: text
    Paragraph,  // text
    Missing,    // why a section has no content: text
    Note,       // small print under a table or figure: text
    Table,      // header, rows, numeric
    Svg,        // a vector chart: svg, caption, file
    Image,      // a PNG: png (the file's bytes), caption, file, pixelated
  };
  Kind kind = Kind::Paragraph;
  std::string text;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: right-aligned
  std::string svg;
  std::string png;
  std::string caption;
  std::string file;        // the figure's file name in the figures folder
  bool pixelated = false;  // an image of a few large pixels: scale it to the text width without smoothing
};

struct ReportDocument {
  std::string title;
  std::vector<ReportBlock> blocks;
  std::string footer;
};

// What the report job needs from a caller that has Qt: the PDF writer and the SVG
// rasteriser (the CLI built without Qt passes none and can write HTML and SVG only).
struct ReportRenderers {
  std::function<void(const ReportDocument&, const std::filesystem::path& pdf)> writePdf;
  // The PNG file's bytes of an SVG chart drawn `width` pixels wide.
  std::function<std::string(const std::string& svg, int width)> svgToPng;
};

}  // namespace latentlab
