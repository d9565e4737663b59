// The only file that imports CCairo.
import CCairo

enum Cairo {
    /// The version of the linked Cairo library (cairo_version_string).
    static var version: String { String(cString: cairo_version_string()) }
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
            throw RenderingError.cairo(operation: "create a \(width)×\(height) image surface", status: "out of memory")
        }
        defer { cairo_surface_destroy(surface) }
        try check(cairo_surface_status(surface), "create a \(width)×\(height) image surface")
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
            try check(cairo_status(cr), "draw labels")
            cairo_surface_flush(surface)
        }
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, data, length in
            let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        try withExtendedLifetime(sink) { try check(status, "encode PNG") }
        return sink.bytes
    }

    /// Throws when a Cairo status is not CAIRO_STATUS_SUCCESS (cairo_status_to_string gives the message).
    private static func check(_ status: cairo_status_t, _ operation: String) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderingError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
    }
}
