// Winograd F(2×2, 3×3) and F(4×4, 3×3) convolutions: finite-difference gradient checks (input, weights,
// bias) at odd and even map sizes, one channel, groups, 1×1 and 2×2 maps; the forward error against a Double
// reference with a derived bound; bit-identical repeats.
import Testing
@testable import NeuralCore

@Suite struct WinogradTests {
    struct Case: CustomStringConvertible, Sendable {
        var cin: Int, cout: Int, groups: Int, height: Int, width: Int, batch: Int, bias: Bool
        var description: String { "\(cin)→\(cout) g\(groups) \(height)×\(width) N\(batch) bias \(bias)" }
    }

    static let cases: [Case] = [
        Case(cin: 3, cout: 4, groups: 1, height: 5, width: 5, batch: 2, bias: true),    // odd: half-empty edge tiles
        Case(cin: 1, cout: 1, groups: 1, height: 4, width: 6, batch: 2, bias: false),   // one channel, even
        Case(cin: 1, cout: 3, groups: 1, height: 7, width: 3, batch: 3, bias: false),   // runs of 2 and 1 images
        Case(cin: 4, cout: 6, groups: 2, height: 5, width: 4, batch: 2, bias: true),    // groups
        Case(cin: 2, cout: 2, groups: 1, height: 1, width: 1, batch: 2, bias: false),   // 1×1 map: only the centre tap
        Case(cin: 2, cout: 3, groups: 1, height: 2, width: 2, batch: 3, bias: true),    // one tile per image
        Case(cin: 2, cout: 2, groups: 1, height: 9, width: 17, batch: 2, bias: false),  // wider than a row buffer
    ]

    static let tiles: [Conv2D.Algorithm] = [.winogradF2, .winogradF4]

    static func convolution(_ c: Case, _ algorithm: Conv2D.Algorithm) -> (ParameterStore, Conv2D, Tensor) {
        useTwoThreads()
        let store = ParameterStore(seed: 11)
        let conv = Conv2D(store, name: "w", inputChannels: c.cin, outputChannels: c.cout, kernelSize: 3, groups: c.groups, bias: c.bias)
        conv.algorithm = algorithm
        return (store, conv, GradientCheck.input(Shape(n: c.batch, c: c.cin, h: c.height, w: c.width), seed: 12))
    }

    @Test(arguments: cases, tiles) func gradients(_ c: Case, _ tile: Conv2D.Algorithm) {
        let (store, conv, x) = Self.convolution(c, tile)
        // Backward reading forward's kept V, and recomputing it.
        GradientCheck().check(inputs: [x], store: store) { conv(x, $0) }
        GradientCheck(columnBudget: 0).check(inputs: [x], store: store) { conv(x, $0) }
        // x also feeds a later operation whose backward runs first: dX must be added to, not written.
        GradientCheck().check(inputs: [x], store: store) { t in t.concatChannels([conv(x, t), t.sigmoid(x)]) }
    }

    /// Forward error against a Double reference. Float rounding (unit u = 2⁻²⁴) along any path of the
    /// computation, F(2×2, 3×3): the weight transform (≤ 2 additions per stage, 2 stages; halving is exact),
    /// the input transform (1 addition per stage, 2 stages), the product, the GEMM's ≤ Cg − 1 additions (any
    /// order, FMA or not) and the output transform (≤ 2 additions per stage, 2 stages): n = 4 + 2 + 1 + (Cg − 1)
    /// + 4 = Cg + 10 roundings at most. F(4×4, 3×3): the weight transform has ≤ 3 terms with inexact
    /// coefficients (⅙, 1/12, 1/24: the coefficient's own rounding, the product, ≤ 4 additions and divisions
    /// counted generously as 6 per stage, 12 for two), the input transform ≤ 4 terms with integer coefficients
    /// (products by 5 and sums: ≤ 4 per stage, 8), the product, Cg − 1 additions, the output transform ≤ 5 terms
    /// (≤ 5 per stage, 10): n = 12 + 8 + 1 + (Cg − 1) + 10 = Cg + 30. The standard bound for such sums of
    /// products (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., Lemma 3.3 and §3.5) is
    /// |ŷ − y| ≤ γ_n · ỹ, γ_n = n·u/(1 − n·u), where ỹ is the same computation on absolute values:
    /// ỹ = |Aᵀ| [Σ_c (|G||g||G|ᵀ) ⊙ (|Bᵀ||d||B|)] |A|, with the matrices of Lavin & Gray (2016) written out below
    /// independently of Winograd.swift. im2col + GEMM (one product and ≤ 9·Cg − 1 additions) has
    /// γ_{9·Cg} · Σ |g||d|. ỹ exceeds Σ |g||d| by the cancellations the transforms rely on (more for F(4×4),
    /// whose Bᵀ has entries up to 5 and Aᵀ up to 8), so Winograd's bound is looser than im2col's for small Cg.
    /// Both paths are checked against their own bounds, and their difference against the sum of the two.
    @Test(arguments: [cases[0], cases[3], Case(cin: 64, cout: 8, groups: 1, height: 8, width: 8, batch: 2, bias: false)], tiles)
    func forwardErrorWithinDerivedBound(_ c: Case, _ tile: Conv2D.Algorithm) {
        let (store, wino, x) = Self.convolution(c, tile)
        let im2col = Conv2D(store, name: "i", inputChannels: c.cin, outputChannels: c.cout, kernelSize: 3, groups: c.groups, bias: false)
        im2col.algorithm = .im2col
        // Same weights in both layers (the bias of `wino` is zeroed so the two compute the same map).
        let count = wino.weight.count
        store.value(im2col.weight).update(from: store.value(wino.weight), count: count)
        if let b = wino.bias { store.value(b).update(repeating: 0, count: c.cout) }
        let tape = Tape(mode: .evaluation)
        let yw = wino(x, tape), yi = im2col(x, tape)
        let w = store.value(wino.weight), cg = c.cin / c.groups, og = c.cout / c.groups
        let u = 0x1p-24
        func gamma(_ n: Int) -> Double { Double(n) * u / (1 - Double(n) * u) }
        // |G|, |Bᵀ| and |Aᵀ| of F(m×m, 3×3) (Lavin & Gray 2016, §4 for m = 2 and §5 for m = 4).
        let m = tile == .winogradF2 ? 2 : 4, alpha = m + 2
        let sixth = 1.0 / 6, twelfth = 1.0 / 12, twentyFourth = 1.0 / 24
        let gAbs2: [[Double]] = [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0, 0, 1]]
        let gAbs4: [[Double]] = [[0.25, 0, 0], [sixth, sixth, sixth], [sixth, sixth, sixth], [twentyFourth, twelfth, sixth],
                                 [twentyFourth, twelfth, sixth], [0, 0, 1]]
        let bTAbs2: [[Double]] = [[1, 0, 1, 0], [0, 1, 1, 0], [0, 1, 1, 0], [0, 1, 0, 1]]
        let bTAbs4: [[Double]] = [[4, 0, 5, 0, 1, 0], [0, 4, 4, 1, 1, 0], [0, 4, 4, 1, 1, 0], [0, 2, 1, 2, 1, 0],
                                  [0, 2, 1, 2, 1, 0], [0, 4, 0, 5, 0, 1]]
        let aTAbs2: [[Double]] = [[1, 1, 1, 0], [0, 1, 1, 1]]
        let aTAbs4: [[Double]] = [[1, 1, 1, 1, 1, 0], [0, 1, 1, 2, 2, 0], [0, 1, 1, 4, 4, 0], [0, 1, 1, 8, 8, 1]]
        let gAbs = m == 2 ? gAbs2 : gAbs4, bTAbs = m == 2 ? bTAbs2 : bTAbs4, aTAbs = m == 2 ? aTAbs2 : aTAbs4
        let extraRoundings = m == 2 ? 10 : 30
        var worstWinograd = 0.0, worstIm2col = 0.0
        for n in 0..<c.batch { for o in 0..<c.cout { for oh in 0..<c.height { for ow in 0..<c.width {
            let gi = o / og
            var exact = 0.0, direct = 0.0
            // ỹ for the tile holding (oh, ow): position (r, s) in the tile, input tile origin (m·th − 1, m·tw − 1).
            let th = oh / m, tw = ow / m, r = oh % m, s = ow % m
            var tilde = 0.0
            for ci in 0..<cg {
                let ch = gi * cg + ci
                func input(_ i: Int, _ j: Int) -> Double {
                    (i < 0 || i >= c.height || j < 0 || j >= c.width) ? 0 : Double(x[n, ch, i, j])
                }
                func weight(_ a: Int, _ b: Int) -> Double { Double(w[((o * cg + ci) * 3 + a) * 3 + b]) }
                for a in 0..<3 { for b in 0..<3 {
                    let d = input(oh - 1 + a, ow - 1 + b)
                    exact += weight(a, b) * d
                    direct += abs(weight(a, b) * d)
                } }
                for i in 0..<alpha { for j in 0..<alpha {
                    let weightOfR = aTAbs[r][i] * aTAbs[s][j]
                    if weightOfR == 0 { continue }
                    var uAbs = 0.0, vAbs = 0.0
                    for a in 0..<3 { for b in 0..<3 { uAbs += gAbs[i][a] * abs(weight(a, b)) * gAbs[j][b] } }
                    for a in 0..<alpha { for b in 0..<alpha { vAbs += bTAbs[i][a] * abs(input(m * th - 1 + a, m * tw - 1 + b)) * bTAbs[j][b] } }
                    tilde += weightOfR * uAbs * vAbs
                } }
            }
            let boundW = gamma(cg + extraRoundings) * tilde, boundI = gamma(9 * cg) * direct
            let ew = abs(Double(yw[n, o, oh, ow]) - exact), ei = abs(Double(yi[n, o, oh, ow]) - exact)
            #expect(ew <= boundW, "Winograd error \(ew) > bound \(boundW) at n \(n) o \(o) (\(oh), \(ow))")
            #expect(ei <= boundI, "im2col error \(ei) > bound \(boundI) at n \(n) o \(o) (\(oh), \(ow))")
            #expect(abs(Double(yw[n, o, oh, ow]) - Double(yi[n, o, oh, ow])) <= boundW + boundI)
            worstWinograd = max(worstWinograd, ew / max(boundW, .leastNonzeroMagnitude))
            worstIm2col = max(worstIm2col, ei / max(boundI, .leastNonzeroMagnitude))
        } } } }
        #expect(worstWinograd <= 1 && worstIm2col <= 1)
    }

    /// Same seed, same thread count: forward and every gradient are bit-identical across repeats, and
    /// between keeping V and recomputing it (the same operations in the same order).
    @Test(arguments: tiles) func bitIdenticalRepeats(_ tile: Conv2D.Algorithm) {
        let c = Case(cin: 16, cout: 16, groups: 1, height: 8, width: 8, batch: 5, bias: true)
        var outputs: [[Float]] = []
        for budget in [1 << 26, 1 << 26, 0] {
            let (store, conv, x) = Self.convolution(c, tile)
            let tape = Tape(mode: .training)
            tape.columnBudget = budget
            store.zeroGradients()
            let y = conv(x, tape)
            tape.backward(from: y, seed: (0..<y.shape.count).map { Float(($0 * 7919) % 13) / 13 - 0.5 })
            let values = Array(UnsafeBufferPointer(start: y.data, count: y.shape.count))
                + Array(UnsafeBufferPointer(start: x.gradient!, count: x.shape.count))
                + Array(UnsafeBufferPointer(start: store.gradient(conv.weight), count: conv.weight.count))
                + Array(UnsafeBufferPointer(start: store.gradient(conv.bias!), count: c.cout))
            outputs.append(values)
            tape.reset()
        }
        #expect(outputs[0].map(\.bitPattern) == outputs[1].map(\.bitPattern))
        #expect(outputs[0].map(\.bitPattern) == outputs[2].map(\.bitPattern))
    }

    @Test func automaticChoice() {
        useTwoThreads()
        let store = ParameterStore(seed: 1)
        let wide = Conv2D(store, name: "a", inputChannels: 16, outputChannels: 16, kernelSize: 3)
        let thin = Conv2D(store, name: "b", inputChannels: 32, outputChannels: 32, kernelSize: 3, groups: 4)
        let strided = Conv2D(store, name: "c", inputChannels: 16, outputChannels: 16, kernelSize: 3, stride: 2)
        let forced = Conv2D(store, name: "d", inputChannels: 16, outputChannels: 16, kernelSize: 3)
        forced.algorithm = .im2col
        let big = Shape(n: 128, c: 16, h: 8, w: 8), small = Shape(n: 16, c: 16, h: 8, w: 8)
        // 8 channels per group is under the minimum of 16; 16 images of 8×8 are 16·4 = 64 F(4×4) tiles, under 128.
        #expect(wide.usesWinograd(for: big) && !wide.usesWinograd(for: small))
        #expect(!thin.usesWinograd(for: Shape(n: 128, c: 32, h: 8, w: 8)))
        #expect(!strided.usesWinograd(for: big) && !forced.usesWinograd(for: big))
        // Multiplies per channel pair, α²·⌈H/m⌉·⌈W/m⌉: 8×8 is 16·16 = 256 for m = 2, 36·4 = 144 for m = 4;
        // 2×2 is 16 against 36; 5×5 is 16·9 = 144 against 36·4 = 144, a tie that goes to m = 2.
        #expect(Winograd.bestTile(height: 8, width: 8) == 4)
        #expect(Winograd.bestTile(height: 2, width: 2) == 2)
        #expect(Winograd.bestTile(height: 5, width: 5) == 2)
        #expect(Winograd.bestTile(height: 32, width: 32) == 4)
    }
}
