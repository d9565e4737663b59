// Axis lines, ticks and tick labels shared by the charts.
import Foundation

struct AxisPainter {
    var typesetter: Typesetter
    var theme: Theme
    var tickLength = 3.5

    /// A horizontal axis at `y` spanning the scale's range; tick labels below (or above when `labelsAbove`).
    func horizontal(
        into drawing: inout Drawing, scale: LinearScale, y: Double, ticks: [Double], label: (Double) -> String,
        labelsAbove: Bool = false
    ) {
        drawing.line(Point(scale.range.lower, y), Point(scale.range.upper, y), theme.axisStroke)
        for value in ticks {
            let x = scale(value)
            let dy = labelsAbove ? -tickLength : tickLength
            drawing.line(Point(x, y), Point(x, y + dy), theme.axisStroke)
            let text = typesetter.text(
                label(value), at: Point(x, labelsAbove ? y - tickLength - 1.5 : y + tickLength + 1.5),
                size: theme.tickSize, anchor: .middle, baseline: labelsAbove ? .alphabetic : .top, color: theme.ink)
            drawing.add(.text(text))
        }
    }

    /// A vertical axis at `x` spanning the scale's range; tick labels to the left.
    func vertical(into drawing: inout Drawing, scale: LinearScale, x: Double, ticks: NiceTicks) {
        drawing.line(Point(x, scale.range.lower), Point(x, scale.range.upper), theme.axisStroke)
        for value in ticks.values {
            let y = scale(value)
            drawing.line(Point(x - tickLength, y), Point(x, y), theme.axisStroke)
            drawing.add(.text(typesetter.text(
                ticks.label(value), at: Point(x - tickLength - 2, y), size: theme.tickSize, anchor: .end,
                baseline: .middle, color: theme.ink)))
        }
    }

    /// Width the vertical axis's tick labels need.
    func verticalLabelWidth(_ ticks: NiceTicks) -> Double {
        (ticks.values.map { typesetter.width(ticks.label($0), size: theme.tickSize) }.max() ?? 0) + tickLength + 2
    }

    /// Integer ticks from 1 to k with a step that keeps labels apart (1, 2, 5, 10, …).
    func rankTicks(k: Int, pixelsPerRank: Double) -> [Double] {
        let labelWidth = typesetter.width(String(k), size: theme.tickSize) + 6
        for step in [1, 2, 5, 10, 20, 50] where Double(step) * pixelsPerRank >= labelWidth {
            // Step 2: the odd ranks 1, 3, 5, …; larger steps: 1 and the multiples of the step.
            if step <= 2 { return Array(stride(from: 1, through: k, by: step)).map(Double.init) }
            return [1] + Array(stride(from: step, through: k, by: step)).map(Double.init)
        }
        return [1, Double(k)]
    }
}

/// Lays out multi-line notes under a figure, wrapping to a width.
struct NoteWriter {
    var typesetter: Typesetter
    var size: Double
    var color: Color

    /// Splits `text` into lines no wider than `width`.
    func wrap(_ text: String, width: Double, weight: TextWeight = .regular) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if typesetter.width(candidate, size: size, weight: weight) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    var lineStep: Double { typesetter.lineHeight(size: size) * 1.1 }

    /// Writes the wrapped text with its top at `y`; returns the y below the last line.
    func write(_ text: String, into drawing: inout Drawing, x: Double, y: Double, width: Double, weight: TextWeight = .regular) -> Double {
        var y = y
        for line in wrap(text, width: width, weight: weight) {
            drawing.add(.text(typesetter.text(line, at: Point(x, y), size: size, weight: weight, baseline: .top, color: color)))
            y += lineStep
        }
        return y
    }

    func height(_ text: String, width: Double, weight: TextWeight = .regular) -> Double {
        Double(wrap(text, width: width, weight: weight).count) * lineStep
    }
}
