#include "reportpdf/reportpdf.h"

#include "common/error.h"

#include <QBuffer>
#include <QByteArray>
#include <QFile>
#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgRenderer>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace latentlab {

namespace fs = std::filesystem;

namespace {

QString qt(const std::string& text) {
  return QString::fromStdString(text);
}

// The page as the layout sees it: a cursor moving down the text area, new pages as needed.
class PdfLayout {
public:
  static constexpr int kDpi = 300;

  PdfLayout(QPdfWriter& writer, QString title) : mWriter(writer), mPainter(&writer), mTitle(std::move(title)) {
    const QRect page = writer.pageLayout().paintRectPixels(kDpi);
    mWidth = page.width();
    mHeight = page.height() - footerHeight();
    mPainter.setRenderHint(QPainter::Antialiasing);
    mPainter.setRenderHint(QPainter::TextAntialiasing);
    pageNumber();
  }
  ~PdfLayout() { mPainter.end(); }

  bool ok() const { return mPainter.isActive(); }

  static QFont font(double points, bool bold = false, bool italic = false) {
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleHint(QFont::SansSerif);
    f.setPointSizeF(points);
    f.setBold(bold);
    f.setItalic(italic);
    return f;
  }
  double mm(double millimetres) const { return millimetres / 25.4 * kDpi; }

  // Height `text` takes in `font` over `width` (word-wrapped).
  double textHeight(const QString& text, const QFont& f, double width) {
    mPainter.setFont(f);
    return mPainter.boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, text).height();
  }

  // Starts a new page unless `height` fits below the cursor.
  void need(double height) {
    if (mY > 0 && mY + height > mHeight) newPage();
  }
  void newPage() {
    mWriter.newPage();
    mY = 0;
    pageNumber();
  }

  void text(const QString& text, const QFont& f, const QColor& color, double spaceAfter) {
    const double height = textHeight(text, f, mWidth);
    need(height);
    mPainter.setFont(f);
    mPainter.setPen(color);
    mPainter.drawText(QRectF(0, mY, mWidth, height), Qt::TextWordWrap, text);
    mY += height + spaceAfter;
  }

  void heading(const QString& title) {
    const QFont f = font(14, true);
    const double height = textHeight(title, f, mWidth);
    need(height + mm(20));  // never a heading alone at the foot of a page
    mY += mm(4);
    mPainter.setFont(f);
    mPainter.setPen(Qt::black);
    mPainter.drawText(QRectF(0, mY, mWidth, height), Qt::TextWordWrap, title);
    mY += height + mm(1);
    mPainter.setPen(QPen(QColor(136, 136, 136), mm(0.25)));
    mPainter.drawLine(QPointF(0, mY), QPointF(mWidth, mY));
    mY += mm(2.5);
  }

  void table(const ReportBlock& block) {
    const QFont body = font(8.5), bold = font(8.5, true);
    const std::size_t columns = block.header.size();
    if (columns == 0) return;
    const double pad = mm(1.2);
    // Natural widths (the longest cell) and minimum widths (the longest word); when the
    // natural widths do not fit, narrow columns keep theirs and the wide ones share the rest.
    std::vector<double> natural(columns, 0.0), minimum(columns, 0.0);
    const QFontMetricsF bodyMetrics(body, &mWriter), boldMetrics(bold, &mWriter);
    const auto longestWord = [](const QFontMetricsF& metrics, const QString& text) {
      double widest = 0;
      for (const QString& word : text.split(QRegularExpression("[\\s-]"), Qt::SkipEmptyParts))
        widest = std::max(widest, metrics.horizontalAdvance(word + "-"));
      return widest;
    };
    for (std::size_t c = 0; c < columns; ++c) {
      minimum[c] = longestWord(boldMetrics, qt(block.header[c])) + 2 * pad;
      natural[c] = minimum[c];
      for (const auto& row : block.rows)
        if (c < row.size()) {
          natural[c] = std::max(natural[c], bodyMetrics.horizontalAdvance(qt(row[c])) + 2 * pad);
          minimum[c] = std::max(minimum[c], longestWord(bodyMetrics, qt(row[c])) + 2 * pad);
        }
      minimum[c] = std::min(minimum[c], natural[c]);
    }
    const auto widthsFor = [&](double cap) {
      std::vector<double> widths(columns);
      for (std::size_t c = 0; c < columns; ++c) widths[c] = std::min(natural[c], std::max(cap, minimum[c]));
      return widths;
    };
    const auto total = [](const std::vector<double>& widths) {
      double sum = 0;
      for (const double w : widths) sum += w;
      return sum;
    };
    double low = 0, high = *std::max_element(natural.begin(), natural.end());
    for (int step = 0; step < 40; ++step) {
      const double cap = (low + high) / 2;
      (total(widthsFor(cap)) > mWidth ? high : low) = cap;
    }
    std::vector<double> widths = widthsFor(low);
    if (total(widths) > mWidth)  // even the minimums do not fit: scale everything
      for (double& w : widths) w *= mWidth / total(widths);
    const auto rowHeight = [&](const std::vector<std::string>& cells, const QFont& f) {
      double height = 0;
      for (std::size_t c = 0; c < columns && c < cells.size(); ++c)
        height = std::max(height, textHeight(qt(cells[c]), f, widths[c] - 2 * pad));
      return height + 2 * pad;
    };
    const auto drawRow = [&](const std::vector<std::string>& cells, const QFont& f, double height, bool header) {
      double x = 0;
      for (std::size_t c = 0; c < columns; ++c) {
        const QRectF cell(x, mY, widths[c], height);
        if (header) mPainter.fillRect(cell, QColor(238, 238, 238));
        mPainter.setPen(QPen(QColor(187, 187, 187), mm(0.2)));
        mPainter.drawRect(cell);
        if (c < cells.size()) {
          mPainter.setPen(Qt::black);
          mPainter.setFont(f);
          const bool right = !header && c < block.numeric.size() && block.numeric[c];
          mPainter.drawText(cell.adjusted(pad, pad, -pad, -pad),
                            Qt::TextWordWrap | (right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop, qt(cells[c]));
        }
        x += widths[c];
      }
      mY += height;
    };
    const double headerHeight = rowHeight(block.header, bold);
    need(headerHeight + (block.rows.empty() ? 0 : rowHeight(block.rows.front(), body)));
    mY += mm(1);
    drawRow(block.header, bold, headerHeight, true);
    for (const auto& row : block.rows) {
      const double height = rowHeight(row, body);
      if (mY + height > mHeight) {  // the table goes on: repeat its header on the next page
        newPage();
        drawRow(block.header, bold, headerHeight, true);
      }
      drawRow(row, body, height, false);
    }
    mY += mm(2);
  }

  void svg(const ReportBlock& block) {
    QSvgRenderer renderer(QByteArray::fromStdString(block.svg));
    if (!renderer.isValid()) return;
    const QSizeF size = svgSize(block, renderer);
    const double width = size.width(), height = size.height();
    const double captionHeight = textHeight(caption(block), font(8), mWidth);
    need(height + captionHeight + mm(2));
    renderer.render(&mPainter, QRectF((mWidth - width) / 2, mY, width, height));
    mY += height + mm(1);
    text(caption(block), font(8), QColor(68, 68, 68), mm(3));
  }

  void image(const ReportBlock& block) {
    QImage picture;
    if (!picture.loadFromData(QByteArray::fromStdString(block.png), "PNG")) return;
    const QSizeF size = imageSize(block, picture.size());
    const double width = size.width(), height = size.height();
    const double captionHeight = textHeight(caption(block), font(8), mWidth);
    need(height + captionHeight + mm(2));
    // No smoothing: digits stay crisp pixels when printed large.
    mPainter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    mPainter.drawImage(QRectF(0, mY, width, height), picture);
    mY += height + mm(1);
    text(caption(block), font(8), QColor(68, 68, 68), mm(3));
  }

  // How tall a block will be, so a heading moves to the next page with what follows it.
  double estimate(const ReportBlock& block) {
    switch (block.kind) {
      case ReportBlock::Kind::Title:
        return textHeight(qt(block.text), font(18, true), mWidth) + mm(2);
      case ReportBlock::Kind::Section:
        return textHeight(qt(block.text), font(14, true), mWidth) + mm(7.5);
      case ReportBlock::Kind::Paragraph:
        return textHeight(qt(block.text), font(10), mWidth) + mm(2);
      case ReportBlock::Kind::Missing:
        return textHeight(qt(block.text), font(10, false, true), mWidth) + mm(2);
      case ReportBlock::Kind::Note:
        return textHeight(qt(block.text), font(8), mWidth) + mm(2);
      case ReportBlock::Kind::Table:
        return mm(6) * double(std::min<std::size_t>(block.rows.size() + 1, 4));
      case ReportBlock::Kind::Svg: {
        QSvgRenderer renderer(QByteArray::fromStdString(block.svg));
        return svgSize(block, renderer).height() + textHeight(caption(block), font(8), mWidth) + mm(4);
      }
      case ReportBlock::Kind::Image: {
        QImage picture;
        picture.loadFromData(QByteArray::fromStdString(block.png), "PNG");
        return imageSize(block, picture.size()).height() + textHeight(caption(block), font(8), mWidth) + mm(4);
      }
    }
    return 0;
  }
  double pageHeight() const { return mHeight; }

  void footer(const QString& text) {
    mY += mm(4);
    mPainter.setPen(QPen(QColor(136, 136, 136), mm(0.25)));
    need(mm(12));
    mPainter.drawLine(QPointF(0, mY), QPointF(mWidth, mY));
    mY += mm(1.5);
    this->text(text, font(8), QColor(68, 68, 68), 0);
  }

private:
  static QString caption(const ReportBlock& block) {
    QString files = qt(block.file);
    if (block.kind == ReportBlock::Kind::Svg && !block.png.empty())
      files += ", " + qt(fs::path(block.file).replace_extension(".png").string());
    return qt(block.caption) + (files.isEmpty() ? QString() : " (file: " + files + ")");
  }
  double footerHeight() const { return mm(8); }
  // Charts at 85 % of the text width (still larger than on screen), shrunk to fit a page.
  QSizeF svgSize(const ReportBlock& block, QSvgRenderer& renderer) {
    const QSizeF size = renderer.defaultSize();
    return fitPage(block, 0.85 * mWidth, size);
  }
  // Grids keep their pixel size at 96 dpi; single large-pixel images fill the text width.
  QSizeF imageSize(const ReportBlock& block, QSize pixels) {
    const double width = block.pixelated ? mWidth : std::min<double>(mWidth, pixels.width() * kDpi / 96.0);
    return fitPage(block, width, QSizeF(pixels));
  }
  QSizeF fitPage(const ReportBlock& block, double width, QSizeF natural) {
    double height = width * natural.height() / std::max(1.0, natural.width());
    const double room = mHeight - textHeight(caption(block), font(8), mWidth) - mm(6);
    if (height > room) {
      width *= room / height;
      height = room;
    }
    return {width, height};
  }
  void pageNumber() {
    ++mPage;
    mPainter.setFont(font(7.5));
    mPainter.setPen(QColor(110, 110, 110));
    const QRectF line(0, mHeight + mm(3), mWidth, mm(5));
    mPainter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, mTitle);
    mPainter.drawText(line, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("Page %1").arg(mPage));
  }

  QPdfWriter& mWriter;
  QPainter mPainter;
  QString mTitle;
  double mWidth = 0, mHeight = 0, mY = 0;
  int mPage = 0;
};

void ensureGuiApplication() {
  if (QCoreApplication::instance()) return;
  // The CLI draws without a display: fonts and painting need a QGuiApplication.
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "latentlab-cli";
  static char* argv[] = {name, nullptr};
  // Never deleted: it must outlive every static that Qt may still touch at exit.
  new QGuiApplication(argc, argv);
}

}  // namespace

ReportRenderers qtReportRenderers() {
  ensureGuiApplication();
  ReportRenderers renderers;
  renderers.writePdf = writeReportPdf;
  renderers.svgToPng = rasterizeSvg;
  return renderers;
}

void writeReportPdf(const ReportDocument& document, const fs::path& path) {
  // Written beside the target and renamed, so a reader never sees half a PDF.
  const fs::path partial = path.parent_path() / ("." + path.filename().string() + ".partial");
  {
    QPdfWriter writer(qt(partial.string()));
    writer.setResolution(PdfLayout::kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(18, 16, 18, 14),
                                     QPageLayout::Millimeter));
    writer.setTitle(qt(document.title));
    writer.setCreator(QStringLiteral("LatentLab"));
    PdfLayout layout(writer, qt(document.title));
    if (!layout.ok()) throw inputError("cannot write " + path.string() + ": the folder is not writable");
    for (std::size_t i = 0; i < document.blocks.size(); ++i) {
      const ReportBlock& block = document.blocks[i];
      if (block.kind == ReportBlock::Kind::Section) {
        // Keep a heading with its text and its first figure or table.
        double group = layout.estimate(block);
        for (std::size_t next = i + 1; next < document.blocks.size(); ++next) {
          group += layout.estimate(document.blocks[next]);
          const auto kind = document.blocks[next].kind;
          if (kind != ReportBlock::Kind::Paragraph && kind != ReportBlock::Kind::Note) break;
        }
        layout.need(std::min(group, layout.pageHeight()));
      }
      switch (block.kind) {
        case ReportBlock::Kind::Title:
          layout.text(qt(block.text), PdfLayout::font(18, true), Qt::black, layout.mm(2));
          break;
        case ReportBlock::Kind::Section:
          layout.heading(qt(block.text));
          break;
        case ReportBlock::Kind::Paragraph:
          layout.text(qt(block.text), PdfLayout::font(10), Qt::black, layout.mm(2));
          break;
        case ReportBlock::Kind::Missing:
          layout.text(qt(block.text), PdfLayout::font(10, false, true), QColor(170, 0, 0), layout.mm(2));
          break;
        case ReportBlock::Kind::Note:
          layout.text(qt(block.text), PdfLayout::font(8), QColor(68, 68, 68), layout.mm(2));
          break;
        case ReportBlock::Kind::Table:
          layout.table(block);
          break;
        case ReportBlock::Kind::Svg:
          layout.svg(block);
          break;
        case ReportBlock::Kind::Image:
          layout.image(block);
          break;
      }
    }
    layout.footer(qt(document.footer));
  }
  std::error_code error;
  fs::rename(partial, path, error);
  if (error) {
    fs::remove(partial, error);
    throw inputError("cannot write " + path.string() + ": " + error.message());
  }
}

std::string rasterizeSvg(const std::string& svg, int width) {
  QSvgRenderer renderer(QByteArray::fromStdString(svg));
  if (!renderer.isValid()) throw usageError("a report chart is not valid SVG (a LatentLab bug)");
  const QSizeF size = renderer.defaultSize();
  const int height = std::max(1, int(width * size.height() / std::max(1.0, size.width()) + 0.5));
  QImage image(width, height, QImage::Format_RGB32);
  image.fill(Qt::white);
  {
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    renderer.render(&painter, QRectF(0, 0, width, height));
  }
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  image.save(&buffer, "PNG");
  return bytes.toStdString();
}

}  // namespace latentlab
