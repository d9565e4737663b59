// Scales, nice ticks and text placement, checked against values worked out by hand.
import Testing
@testable import ReportRendering

@Suite struct ScaleAndTickTests {
    @Test func linearScaleMapsAndInverts() {
        let s = LinearScale(domain: (1, 5), range: (100, 300))
        #expect(s(1) == 100)
        #expect(s(5) == 300)
        #expect(s(2) == 150)
        #expect(s.invert(250) == 4)
        let flipped = LinearScale(domain: (0, 10), range: (200, 0))
        #expect(flipped(2.5) == 150)
    }

    // Hand-worked: data 94.30…96.97 with about 6 ticks. Steps 0.5 give 94.0…97.0 (7 ticks, the closest
    // count to 6 among 0.2, 0.25, 0.5, 1); so the axis is 94, 94.5, …, 97 with one decimal.
    @Test func accuracyRangeGetsHalfPercentSteps() {
        let t = NiceTicks(min: 94.30, max: 96.97, target: 6)
        #expect(t.step == 0.5)
        #expect(t.lower == 94 && t.upper == 97)
        #expect(t.values == [94, 94.5, 95, 95.5, 96, 96.5, 97])
        #expect(t.decimals == 1)
        #expect(t.label(94.5) == "94.5")
    }

    // 0…100 with 6 ticks: step 20 hits the count exactly (Heckbert's nice number for 100/5).
    @Test func zeroToHundred() {
        let t = NiceTicks(min: 0, max: 100, target: 6)
        #expect(t.values == [0, 20, 40, 60, 80, 100])
        #expect(t.decimals == 0)
    }

    @Test func ranksGetIntegerTicks() {
        let t = NiceTicks(min: 0.2, max: 8.4, target: 9, integerOnly: true)
        #expect(t.step == 1)
        #expect(t.values.first == 0 && t.values.last == 9)
    }

    @Test func aSingleValueStillGetsAnAxis() {
        let t = NiceTicks(min: 5, max: 5)
        #expect(t.lower < 5 && t.upper > 5)
        #expect(t.values.count >= 2)
    }

    @Test(arguments: [(0.0, 1.0), (0.013, 0.021), (-3.0, 7.5), (76.57, 82.71), (1e-5, 3e-5), (120.0, 125_000.0)])
    func ticksAreNiceAndEncloseTheData(range: (Double, Double)) {
        let t = NiceTicks(min: range.0, max: range.1, target: 5)
        // Enclosing up to floating-point rounding of the step multiples.
        let slack = 1e-9 * (range.1 - range.0)
        #expect(t.lower <= range.0 + slack && t.upper >= range.1 - slack)
        let exponent = (log10(t.step)).rounded(.down)
        let mantissa = t.step / pow(10, exponent)
        #expect([1, 2, 2.5, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(t.step)")
        #expect((3...8).contains(t.values.count), "\(t.values)")
        for v in t.values { #expect(abs((v / t.step).rounded() - v / t.step) < 1e-6) }
        // Every label is distinct at the chosen decimals.
        #expect(Set(t.values.map(t.label)).count == t.values.count)
    }

    @Test func textBoxesFollowTheAnchor() {
        // "Ab": 0.70 + 0.58 em at 10 pt = 12.8 pt wide; ascent 9.3, descent 2.4.
        let start = fakeTypesetter.text("Ab", at: Point(100, 50), size: 10)
        #expect(abs(start.box.width - 12.8) < 1e-9)
        #expect(start.box.minX == 100 && abs(start.box.minY - 40.7) < 1e-9 && abs(start.box.maxY - 52.4) < 1e-9)
        let end = fakeTypesetter.text("Ab", at: Point(100, 50), size: 10, anchor: .end, baseline: .top)
        #expect(abs(end.box.maxX - 100) < 1e-9 && abs(end.box.minY - 50) < 1e-9)
        let middle = fakeTypesetter.text("Ab", at: Point(100, 50), size: 10, anchor: .middle, baseline: .middle)
        #expect(abs(middle.box.midX - 100) < 1e-9 && abs(middle.box.midY - 50) < 1e-9)
    }

    @Test func rotatedTextReadsUpwards() {
        // Centred at (20, 100), rotated a quarter turn: 12.8 tall, 11.7 wide.
        let t = fakeTypesetter.text("Ab", at: Point(20, 100), size: 10, anchor: .middle, baseline: .middle, rotated: true)
        #expect(abs(t.box.height - 12.8) < 1e-9 && abs(t.box.width - 11.7) < 1e-9)
        #expect(abs(t.box.midX - 20) < 1e-9 && abs(t.box.midY - 100) < 1e-9)
        // The baseline origin is at the bottom of the box (text starts there and runs up).
        #expect(abs(t.origin.y - t.box.maxY) < 1e-9)
    }

    @Test func elisionShortensInTheMiddle() {
        let long = "SEResNet101s-with-a-very-long-suffix"
        let e = fakeTypesetter.elided(long, width: 60, size: 8)
        #expect(fakeTypesetter.width(e, size: 8) <= 60)
        #expect(e.contains("…") && e.hasPrefix("SE") && e.hasSuffix("x"))
        #expect(fakeTypesetter.elided("Short", width: 60, size: 8) == "Short")
    }

    @Test func wcagLuminanceOfThePairColours() {
        // Okabe–Ito blue #0072B2 and orange #E69F00; WCAG relative luminance computed with python3 at
        // development time: 0.15249 and 0.41619. In grey scale they stay a dark and a mid grey.
        #expect(abs(Theme.standard.baseline.luminance - 0.15249) < 0.0005)
        #expect(abs(Theme.standard.variant.luminance - 0.41619) < 0.0005)
    }
}

import Foundation
