// One place for sizes and colours, so every figure and page looks the same. Colours are from the
// Okabe–Ito palette (safe for the common colour-vision deficiencies); the baseline/"s" pair also differs
// in lightness and in pattern (solid vs hatched, solid vs dashed), so it survives grey-scale printing.
import Foundation

public struct Theme: Sendable {
    public var font = "DejaVu Sans"
    public var titleSize = 16.0
    public var headingSize = 12.0
    public var bodySize = 9.5
    public var labelSize = 8.5
    public var tickSize = 7.5
    public var noteSize = 7.5
    public var minimumLabelSize = 6.0

    /// Dark blue: baselines (luminance ≈ 0.16).
    public var baseline = Color(hex: 0x0072B2)
    /// Orange: "s" models (luminance ≈ 0.43), hatched in bars and dashed in curves.
    public var variant = Color(hex: 0xE69F00)
    /// Models that are in no pair.
    public var unpaired = Color(hex: 0x7F7F7F)
    /// The designs beside a baseline when a family has several (series 1, 2, …; series 0 is the baseline):
    /// the rest of the Okabe–Ito palette, cycled.
    public var designPalette = [0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00, 0xF0E442, 0x000000].map { Color(hex: $0) }

    /// Series k's colour: the baseline's for 0, then the design palette.
    public func seriesColor(_ k: Int) -> Color { k == 0 ? baseline : designPalette[(k - 1) % designPalette.count] }
    /// Series k's bar fill: solid for the baseline, hatched in the design's colour otherwise.
    public func seriesFill(_ k: Int) -> Fill {
        k == 0 ? .solid(baseline) : .hatched(background: seriesColor(k), lines: Color(seriesColor(k).red * 0.35, seriesColor(k).green * 0.35, seriesColor(k).blue * 0.35), spacing: 3.2)
    }
    public var ink = Color(0.1, 0.1, 0.1)
    public var axis = Color(0.25, 0.25, 0.25)
    public var grid = Color(0.88, 0.88, 0.88)
    public var muted = Color(0.4, 0.4, 0.4)
    public var significant = Color(hex: 0xD55E00)

    /// A4 portrait in points, with 2 cm margins.
    public var pageWidth = 595.28
    public var pageHeight = 841.89
    public var margin = 56.7

    public var contentWidth: Double { pageWidth - 2 * margin }
    public var contentHeight: Double { pageHeight - 2 * margin }

    public var axisStroke: Stroke { Stroke(axis, width: 0.7) }
    public var gridStroke: Stroke { Stroke(grid, width: 0.5) }

    public init() {}

    public static let standard = Theme()
}

/// Which member of a baseline/"s" pair a model is: decides colour and pattern.
public enum PairRole: String, Sendable, Equatable {
    case baseline, variant, unpaired

    public func color(_ theme: Theme) -> Color {
        switch self {
        case .baseline: return theme.baseline
        case .variant: return theme.variant
        case .unpaired: return theme.unpaired
        }
    }

    public func fill(_ theme: Theme) -> Fill {
        switch self {
        case .baseline: return .solid(theme.baseline)
        case .variant: return .hatched(background: theme.variant, lines: Color(0.25, 0.18, 0.0), spacing: 3.2)
        case .unpaired: return .solid(theme.unpaired)
        }
    }

    /// A point marker: a circle for baselines and unpaired models, a diamond for "s" models (shape
    /// as well as lightness tells them apart).
    public func marker(at c: Point, radius r: Double, theme: Theme, outline: Stroke?) -> DrawItem {
        if self == .variant {
            let d = r * 1.25
            return .polygon([Point(c.x, c.y - d), Point(c.x + d, c.y), Point(c.x, c.y + d), Point(c.x - d, c.y)], fill: .solid(color(theme)), stroke: outline)
        }
        return .circle(center: c, radius: r, fill: .solid(color(theme)), stroke: outline)
    }

    /// Line pattern for curves: baselines solid, "s" dashed.
    public func dash() -> [Double] { self == .variant ? [4, 2] : [] }
}
