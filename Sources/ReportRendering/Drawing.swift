// A figure or page as a display list: pure values computed by the layout code and tested without
// Cairo; the Cairo painter (Cairo.swift) only replays them. Every text item carries the box it covers,
// so overlap and fit can be checked before anything is drawn.
import Foundation

public struct Stroke: Sendable, Equatable {
    public var color: Color
    public var width: Double
    /// Dash lengths in points (empty: solid).
    public var dash: [Double]

    public init(_ color: Color, width: Double = 0.8, dash: [Double] = []) {
        self.color = color
        self.width = width
        self.dash = dash
    }
}

/// How an area is filled: flat, or flat with diagonal hatching (so two series differ in grey scale and
/// for colour-blind readers, not only in hue).
public enum Fill: Sendable, Equatable {
    case solid(Color)
    case hatched(background: Color, lines: Color, spacing: Double)
}

public enum TextWeight: Sendable, Equatable { case regular, bold }
public enum TextAnchor: Sendable, Equatable { case start, middle, end }
public enum TextBaseline: Sendable, Equatable {
    /// `y` is the baseline.
    case alphabetic
    /// `y` is the vertical centre of the glyph box (ascent + descent).
    case middle
    /// `y` is the top of the glyph box.
    case top
    /// `y` is the bottom of the glyph box.
    case bottom
}

/// One line of text, already placed: `origin` is where Cairo starts the baseline (before rotation),
/// `box` is the area it covers on the page.
public struct TextItem: Sendable, Equatable {
    public var string: String
    public var origin: Point
    public var size: Double
    public var weight: TextWeight
    public var color: Color
    /// Rotated a quarter turn anticlockwise (reads bottom to top), as y-axis titles are.
    public var rotated: Bool
    public var box: Rect
}

public enum DrawItem: Sendable, Equatable {
    case line(from: Point, to: Point, stroke: Stroke)
    case polyline([Point], stroke: Stroke)
    /// A closed polygon, filled and/or stroked.
    case polygon([Point], fill: Fill?, stroke: Stroke?)
    case rect(Rect, fill: Fill?, stroke: Stroke?)
    case circle(center: Point, radius: Double, fill: Fill?, stroke: Stroke?)
    case text(TextItem)
    /// Items drawn clipped to a rectangle.
    case clipped(Rect, [DrawItem])
}

/// A drawing of a given size in points, origin at the top left.
public struct Drawing: Sendable, Equatable {
    public var width: Double
    public var height: Double
    public var items: [DrawItem] = []

    public init(width: Double, height: Double, items: [DrawItem] = []) {
        self.width = width
        self.height = height
        self.items = items
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public mutating func add(_ item: DrawItem) { items.append(item) }

    public mutating func line(_ a: Point, _ b: Point, _ stroke: Stroke) { items.append(.line(from: a, to: b, stroke: stroke)) }

    /// Places `other` with its top-left corner at (dx, dy).
    public mutating func place(_ other: Drawing, dx: Double, dy: Double) {
        items += other.items.map { $0.translated(dx: dx, dy: dy) }
    }

    /// All text items, including those inside clip groups.
    public var texts: [TextItem] {
        func collect(_ items: [DrawItem]) -> [TextItem] {
            items.flatMap { item -> [TextItem] in
                switch item {
                case .text(let t): return [t]
                case .clipped(_, let inner): return collect(inner)
                default: return []
                }
            }
        }
        return collect(items)
    }

    /// Pairs of text items whose boxes overlap (empty for a clean layout).
    public var overlappingTexts: [(TextItem, TextItem)] {
        let all = texts
        var result: [(TextItem, TextItem)] = []
        for i in all.indices {
            for j in all.indices where j > i && all[i].box.intersects(all[j].box) {
                result.append((all[i], all[j]))
            }
        }
        return result
    }

    /// Text items that stick out of the drawing.
    public var textsOutside: [TextItem] { texts.filter { !bounds.contains($0.box, tolerance: 0.01) } }
}

extension DrawItem {
    func translated(dx: Double, dy: Double) -> DrawItem {
        func p(_ point: Point) -> Point { Point(point.x + dx, point.y + dy) }
        switch self {
        case .line(let a, let b, let s): return .line(from: p(a), to: p(b), stroke: s)
        case .polyline(let points, let s): return .polyline(points.map(p), stroke: s)
        case .polygon(let points, let f, let s): return .polygon(points.map(p), fill: f, stroke: s)
        case .rect(let r, let f, let s): return .rect(r.offsetBy(dx: dx, dy: dy), fill: f, stroke: s)
        case .circle(let c, let r, let f, let s): return .circle(center: p(c), radius: r, fill: f, stroke: s)
        case .text(var t):
            t.origin = p(t.origin)
            t.box = t.box.offsetBy(dx: dx, dy: dy)
            return .text(t)
        case .clipped(let r, let inner): return .clipped(r.offsetBy(dx: dx, dy: dy), inner.map { $0.translated(dx: dx, dy: dy) })
        }
    }
}
