// The only file that imports CCairo: surfaces (PDF with several pages, SVG, PNG), text measurement in
// DejaVu Sans, and the painter that replays a `Drawing`. Cairo's status is sticky: it is checked once,
// after the surface is finished, and thrown as `ReportError.cairo`.
import CCairo
import Foundation

enum Cairo {
    /// The version of the linked Cairo library (cairo_version_string).
    static var version: String { String(cString: cairo_version_string()) }
}

// MARK: - Report rendering (surfaces, text, painter)

/// Collects the bytes Cairo streams out (cairo_write_func_t), so files are written atomically later.
private final class ByteSink {
    var data = Data()
}

/// cairo_write_func_t: appends to the `ByteSink` passed as closure data.
private let appendToSink: cairo_write_func_t = { closure, bytes, length in
    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.data.append(bytes, count: Int(length))
    return CAIRO_STATUS_SUCCESS
}

private func statusText(_ status: cairo_status_t) -> String { String(cString: cairo_status_to_string(status)) }

/// Throws if the surface's (sticky) status is an error (cairo_surface_status).
private func check(_ surface: OpaquePointer, _ operation: String) throws {
    let status = cairo_surface_status(surface)
    if status != CAIRO_STATUS_SUCCESS { throw ReportError.cairo(operation: operation, status: statusText(status)) }
}

/// Measures text with Cairo's toy font API in the theme's family (cairo_text_extents on a 1×1 image
/// surface). Results are cached; a lock makes the shared context safe to use from any thread.
public final class CairoTextMetrics: TextMeasuring, @unchecked Sendable {
    private let surface: OpaquePointer
    private let context: OpaquePointer
    private let family: String
    private let lock = NSLock()
    private var cache: [String: Double] = [:]
    private var vertical: (ascent: Double, descent: Double)

    public init(family: String = Theme.standard.font) {
        self.family = family
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        context = cairo_create(surface)
        cairo_select_font_face(context, family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, 100)
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)  // cairo_font_extents: ascent/descent at size 100
        vertical = (extents.ascent / 100, extents.descent / 100)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    public func width(of string: String, size: Double, weight: TextWeight) -> Double {
        let key = (weight == .bold ? "b" : "r") + string
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[key] { return cached * size }
        cairo_select_font_face(
            context, family, CAIRO_FONT_SLANT_NORMAL, weight == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, 100)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, string, &extents)  // x_advance: where the next glyph would start
        let perPoint = extents.x_advance / 100
        cache[key] = perPoint
        return perPoint * size
    }

    public func verticalExtent(size: Double) -> (ascent: Double, descent: Double) {
        (vertical.ascent * size, vertical.descent * size)
    }
}

/// Replays a `Drawing` on a Cairo context.
private struct Painter {
    let cr: OpaquePointer
    let family: String

    func setColor(_ c: Color) { cairo_set_source_rgb(cr, c.red, c.green, c.blue) }

    func apply(_ stroke: Stroke) {
        setColor(stroke.color)
        cairo_set_line_width(cr, stroke.width)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER)
        stroke.dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    }

    /// Fills the current path (kept for a later stroke): flat, or flat plus diagonal hatching clipped
    /// to the path.
    func fillPreserving(_ fill: Fill) {
        switch fill {
        case .solid(let c):
            setColor(c)
            cairo_fill_preserve(cr)
        case .hatched(let background, let lines, let spacing):
            setColor(background)
            cairo_fill_preserve(cr)
            cairo_save(cr)
            cairo_clip_preserve(cr)
            var x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0
            cairo_clip_extents(cr, &x0, &y0, &x1, &y1)
            cairo_new_path(cr)
            setColor(lines)
            cairo_set_line_width(cr, 0.6)
            cairo_set_dash(cr, nil, 0, 0)
            var x = x0 - (y1 - y0)
            while x < x1 {
                cairo_move_to(cr, x, y1)
                cairo_line_to(cr, x + (y1 - y0), y0)
                x += spacing
            }
            cairo_stroke(cr)
            cairo_restore(cr)
        }
    }

    func finish(fill: Fill?, stroke: Stroke?) {
        if let fill { fillPreserving(fill) }
        if let stroke {
            apply(stroke)
            cairo_stroke(cr)
        } else {
            cairo_new_path(cr)
        }
    }

    func paint(_ items: [DrawItem]) {
        for item in items {
            switch item {
            case .line(let a, let b, let stroke):
                apply(stroke)
                cairo_move_to(cr, a.x, a.y)
                cairo_line_to(cr, b.x, b.y)
                cairo_stroke(cr)
            case .polyline(let points, let stroke):
                guard let first = points.first else { continue }
                apply(stroke)
                cairo_move_to(cr, first.x, first.y)
                for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
                cairo_stroke(cr)
            case .polygon(let points, let fill, let stroke):
                guard let first = points.first else { continue }
                cairo_move_to(cr, first.x, first.y)
                for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
                cairo_close_path(cr)
                finish(fill: fill, stroke: stroke)
            case .rect(let r, let fill, let stroke):
                cairo_rectangle(cr, r.x, r.y, r.width, r.height)
                finish(fill: fill, stroke: stroke)
            case .circle(let c, let radius, let fill, let stroke):
                cairo_new_sub_path(cr)
                cairo_arc(cr, c.x, c.y, radius, 0, 2 * .pi)
                finish(fill: fill, stroke: stroke)
            case .text(let t):
                cairo_select_font_face(
                    cr, family, CAIRO_FONT_SLANT_NORMAL, t.weight == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
                cairo_set_font_size(cr, t.size)
                setColor(t.color)
                cairo_save(cr)
                cairo_translate(cr, t.origin.x, t.origin.y)
                if t.rotated { cairo_rotate(cr, -.pi / 2) }
                cairo_move_to(cr, 0, 0)
                cairo_show_text(cr, t.string)
                cairo_restore(cr)
            case .clipped(let r, let inner):
                cairo_save(cr)
                cairo_rectangle(cr, r.x, r.y, r.width, r.height)
                cairo_clip(cr)
                paint(inner)
                cairo_restore(cr)
            }
        }
    }
}

public enum CairoRenderer {
    /// A multi-page PDF (cairo_pdf_surface_create_for_stream), one page per drawing, each page the
    /// drawing's size. Returns the file's bytes.
    public static func pdf(pages: [Drawing], title: String, family: String = Theme.standard.font) throws -> Data {
        precondition(!pages.isEmpty, "CairoRenderer.pdf needs at least one page")
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        try withExtendedLifetime(sink) {
            let surface = cairo_pdf_surface_create_for_stream(appendToSink, closure, pages[0].width, pages[0].height)!
            defer { cairo_surface_destroy(surface) }
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "recstats")
            let cr = cairo_create(surface)!
            defer { cairo_destroy(cr) }
            for page in pages {
                cairo_pdf_surface_set_size(surface, page.width, page.height)
                Painter(cr: cr, family: family).paint(page.items)
                cairo_show_page(cr)
            }
            cairo_surface_finish(surface)
            try check(surface, "writing the PDF \"\(title)\"")
        }
        return sink.data
    }

    /// One drawing as SVG (cairo_svg_surface_create_for_stream); text stays text-shaped glyphs.
    public static func svg(_ drawing: Drawing, family: String = Theme.standard.font) throws -> Data {
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        try withExtendedLifetime(sink) {
            let surface = cairo_svg_surface_create_for_stream(appendToSink, closure, drawing.width, drawing.height)!
            defer { cairo_surface_destroy(surface) }
            let cr = cairo_create(surface)!
            defer { cairo_destroy(cr) }
            Painter(cr: cr, family: family).paint(drawing.items)
            cairo_show_page(cr)
            cairo_surface_finish(surface)
            try check(surface, "writing an SVG figure")
        }
        return sink.data
    }

    /// One drawing as PNG at `scale` pixels per point on white (cairo_surface_write_to_png_stream).
    public static func png(_ drawing: Drawing, scale: Double = 300.0 / 72.0, family: String = Theme.standard.font) throws -> Data {
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        try withExtendedLifetime(sink) {
            let surface = cairo_image_surface_create(
                CAIRO_FORMAT_RGB24, Int32((drawing.width * scale).rounded(.up)), Int32((drawing.height * scale).rounded(.up)))!
            defer { cairo_surface_destroy(surface) }
            let cr = cairo_create(surface)!
            defer { cairo_destroy(cr) }
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_paint(cr)
            cairo_scale(cr, scale, scale)
            Painter(cr: cr, family: family).paint(drawing.items)
            cairo_surface_flush(surface)
            try check(surface, "drawing a PNG figure")
            let status = cairo_surface_write_to_png_stream(surface, appendToSink, closure)
            if status != CAIRO_STATUS_SUCCESS { throw ReportError.cairo(operation: "encoding a PNG figure", status: statusText(status)) }
        }
        return sink.data
    }
}

// MARK: - RGB images to PNG (sample grids)

extension Cairo {
    /// Encodes an RGB image (row-major, 3 bytes per pixel, `width × height × 3` bytes) as PNG bytes:
    /// cairo_image_surface_create (CAIRO_FORMAT_RGB24), the pixels copied in as 0x00RRGGBB words,
    /// cairo_surface_write_to_png_stream. Throws with Cairo's status message on failure.
    /// `labels` are drawn on top in black sans-serif at `fontSize` px, each with its baseline-left point.
    static func pngData(rgb: [UInt8], width: Int, height: Int, labels: [(text: String, x: Double, y: Double)] = [], fontSize: Double = 10) throws -> [UInt8] {
        precondition(rgb.count == width * height * 3, "pngData expected \(width)×\(height)×3 = \(width * height * 3) bytes, got \(rgb.count)")
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw ReportError.cairo(operation: "creating a \(width)×\(height) image surface", status: "out of memory")
        }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface), "creating a \(width)×\(height) image surface")
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        for y in 0..<height {
            let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let i = (y * width + x) * 3
                row[x] = UInt32(rgb[i]) << 16 | UInt32(rgb[i + 1]) << 8 | UInt32(rgb[i + 2])
            }
        }
        cairo_surface_mark_dirty(surface)
        if !labels.isEmpty {
            // cairo_create / cairo_show_text: the toy text API is enough for short ASCII labels.
            let cr = cairo_create(surface)!
            defer { cairo_destroy(cr) }
            cairo_set_source_rgb(cr, 0, 0, 0)
            cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(cr, fontSize)
            for label in labels {
                cairo_move_to(cr, label.x, label.y)
                cairo_show_text(cr, label.text)
            }
            try check(cairo_status(cr), "drawing sample labels")
            cairo_surface_flush(surface)
        }
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        try withExtendedLifetime(sink) { try check(status, "encoding a PNG") }
        return sink.bytes
    }

    /// Throws when a Cairo status is not CAIRO_STATUS_SUCCESS (cairo_status_to_string gives the message).
    private static func check(_ status: cairo_status_t, _ operation: String) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ReportError.cairo(operation: operation, status: statusText(status))
        }
    }
}
