// A deterministic stand-in for Cairo's text measurement, with DejaVu-Sans-like proportions, so layout
// tests run without Cairo and give the same answer everywhere.
import ReportRendering
import Testing

struct FakeMetrics: TextMeasuring {
    func width(of string: String, size: Double, weight: TextWeight) -> Double {
        var em = 0.0
        for ch in string {
            if ch == " " { em += 0.32 } else if ch.isUppercase { em += 0.70 } else if ch.isNumber { em += 0.64 } else { em += 0.58 }
        }
        return em * size * (weight == .bold ? 1.1 : 1)
    }

    func verticalExtent(size: Double) -> (ascent: Double, descent: Double) { (0.93 * size, 0.24 * size) }
}

let fakeTypesetter = Typesetter(metrics: FakeMetrics())

/// Model names of the given count, some of them long, in baseline/"s" pairs.
func modelNames(_ k: Int, long: Bool = false) -> [String] {
    (0..<k).map { i in
        let base = long && i % 3 == 0 ? "Res2NeXt29-8c×25w×4scales-variant\(i / 2)" : "Model\(i / 2)"
        return i % 2 == 0 ? base : base + "s"
    }
}

func role(_ i: Int) -> PairRole { i % 2 == 0 ? .baseline : .variant }

/// Deterministic average ranks for k models that sum to k(k+1)/2 like real ones, with a tie.
func averageRanks(_ k: Int) -> [Double] {
    var ranks = (0..<k).map { i in Double((i * 7) % k) + 1 }
    if k >= 4 { ranks[1] = (ranks[1] + ranks[2]) / 2; ranks[2] = ranks[1] }
    return ranks
}

/// Groups as Nemenyi defines them (maximal runs of sorted ranks spanning less than cd), computed here
/// only to give the diagram realistic input.
func groups(_ names: [String], _ ranks: [Double], cd: Double) -> [[String]] {
    let order = names.indices.sorted { ranks[$0] < ranks[$1] }
    var result: [[String]] = []
    var lastEnd = -1
    for start in order.indices {
        var end = start
        while end + 1 < order.count && ranks[order[end + 1]] - ranks[order[start]] < cd { end += 1 }
        if end > lastEnd && end > start { result.append(order[start...end].map { names[$0] }) }
        lastEnd = max(lastEnd, end)
    }
    return result
}

func expectClean(_ drawing: Drawing, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let overlaps = drawing.overlappingTexts.prefix(3).map { "“\($0.0.string)” \($0.0.box) with “\($0.1.string)” \($0.1.box)" }
    #expect(overlaps.isEmpty, "\(what): overlapping labels: \(overlaps)", sourceLocation: sourceLocation)
    let outside = drawing.textsOutside.prefix(3).map { "“\($0.string)” \($0.box)" }
    #expect(outside.isEmpty, "\(what): text outside the \(drawing.width)×\(drawing.height) drawing: \(outside)", sourceLocation: sourceLocation)
}

