// Text measurement behind a protocol, so layout is computed (and tested) without Cairo: production
// measures DejaVu Sans through Cairo's text extents, tests use a deterministic fake.
import Foundation

public protocol TextMeasuring: Sendable {
    /// The advance width of `string` in points at font size `size`.
    func width(of string: String, size: Double, weight: TextWeight) -> Double
    /// Font ascent and descent (positive, in points) at `size`: the box every line of text occupies.
    func verticalExtent(size: Double) -> (ascent: Double, descent: Double)
}

/// Places text with a measuring provider: turns (string, anchor point, alignment) into a `TextItem`
/// with its covering box.
public struct Typesetter: Sendable {
    public var metrics: any TextMeasuring

    public init(metrics: any TextMeasuring) { self.metrics = metrics }

    public func width(_ string: String, size: Double, weight: TextWeight = .regular) -> Double {
        metrics.width(of: string, size: size, weight: weight)
    }

    /// Height of one line of text (ascent + descent).
    public func lineHeight(size: Double) -> Double {
        let v = metrics.verticalExtent(size: size)
        return v.ascent + v.descent
    }

    public func text(
        _ string: String, at point: Point, size: Double, weight: TextWeight = .regular,
        anchor: TextAnchor = .start, baseline: TextBaseline = .alphabetic, color: Color = .black,
        rotated: Bool = false
    ) -> TextItem {
        let w = width(string, size: size, weight: weight)
        let (ascent, descent) = metrics.verticalExtent(size: size)
        // Offsets along the text direction (u) and across it (v, downwards for unrotated text).
        let u: Double
        switch anchor {
        case .start: u = 0
        case .middle: u = -w / 2
        case .end: u = -w
        }
        let v: Double
        switch baseline {
        case .alphabetic: v = 0
        case .middle: v = (ascent - descent) / 2
        case .top: v = ascent
        case .bottom: v = -descent
        }
        if !rotated {
            let origin = Point(point.x + u, point.y + v)
            return TextItem(
                string: string, origin: origin, size: size, weight: weight, color: color, rotated: false,
                box: Rect(x: origin.x, y: origin.y - ascent, width: w, height: ascent + descent))
        }
        // Rotated a quarter turn anticlockwise: text runs upwards, "down" of the glyphs points right.
        let origin = Point(point.x + v, point.y - u)
        return TextItem(
            string: string, origin: origin, size: size, weight: weight, color: color, rotated: true,
            box: Rect(x: origin.x - ascent, y: origin.y - w, width: ascent + descent, height: w))
    }

    /// The largest size ≤ `size` (not below `minimum`) at which every string fits in `width`.
    public func fittingSize(_ strings: [String], width: Double, size: Double, minimum: Double, weight: TextWeight = .regular) -> Double {
        let widest = strings.map { self.width($0, size: size, weight: weight) }.max() ?? 0
        guard widest > width, widest > 0 else { return size }
        return max(minimum, size * width / widest)
    }

    /// `string` shortened in the middle with "…" until it fits in `width` at `size`.
    public func elided(_ string: String, width: Double, size: Double, weight: TextWeight = .regular) -> String {
        if self.width(string, size: size, weight: weight) <= width { return string }
        var chars = Array(string)
        while chars.count > 2 {
            chars.remove(at: chars.count / 2)
            let half = chars.count / 2
            let candidate = String(chars[..<half]) + "…" + String(chars[half...])
            if self.width(candidate, size: size, weight: weight) <= width { return candidate }
        }
        return String(chars.prefix(1)) + "…"
    }
}
