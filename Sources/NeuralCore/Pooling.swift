// Pooling on the tape. Legend: x is N×C×H×W, y is N×C×OH×OW with OH = (H + 2p − K)/s + 1.
// A plane (c·N + n) is one H×W image of one channel; planes are independent, so work splits over them.

extension Tape {
    /// Mean over H×W: N×C×H×W → N×C×1×1. dx += dy/(H·W).
    public func globalAveragePool(_ x: Tensor) -> Tensor {
        let s = x.shape, hw = s.spatial, planes = s.n * s.c
        let y = tensor(Shape(n: s.n, c: s.c))
        Parallel.forEach(planes, cost: hw) { p in
            var acc: Float = 0
            let src = x.data + p * hw
            for i in 0..<hw { acc += src[i] }
            y.data[p] = acc / Float(hw)
        }
        record(.pooling) { [unowned self] in
            guard let dy = y.gradient, let dx = gradient(of: x) else { return }
            Parallel.forEach(planes, cost: hw) { p in
                let v = dy[p] / Float(hw), d = dx + p * hw
                for i in 0..<hw { d[i] += v }
            }
        }
        return y
    }

    /// Average over K×K windows with stride s, no padding (PyTorch avg_pool2d, padding 0).
    public func averagePool(_ x: Tensor, kernel k: Int, stride: Int? = nil) -> Tensor {
        let s = x.shape, st = stride ?? k
        let oh = (s.h - k) / st + 1, ow = (s.w - k) / st + 1
        precondition(k >= 1 && oh >= 1 && ow >= 1, "Tape.averagePool: kernel \(k) does not fit \(s.h)×\(s.w)")
        let y = tensor(Shape(n: s.n, c: s.c, h: oh, w: ow)), planes = s.n * s.c, scale = 1 / Float(k * k)
        Parallel.forEach(planes, cost: s.spatial) { p in
            let src = x.data + p * s.spatial, dst = y.data + p * oh * ow
            for i in 0..<oh { for j in 0..<ow {
                var acc: Float = 0
                for a in 0..<k { for b in 0..<k { acc += src[(i * st + a) * s.w + j * st + b] } }
                dst[i * ow + j] = acc * scale
            } }
        }
        record(.pooling) { [unowned self] in
            guard let dy = y.gradient, let dx = gradient(of: x) else { return }
            Parallel.forEach(planes, cost: s.spatial) { p in
                let g = dy + p * oh * ow, d = dx + p * s.spatial
                for i in 0..<oh { for j in 0..<ow {
                    let v = g[i * ow + j] * scale
                    for a in 0..<k { for b in 0..<k { d[(i * st + a) * s.w + j * st + b] += v } }
                } }
            }
        }
        return y
    }

    /// Maximum over K×K windows with stride s and implicit −∞ padding p (PyTorch max_pool2d).
    /// The gradient goes to the first maximum of each window.
    public func maxPool(_ x: Tensor, kernel k: Int, stride st: Int, padding pad: Int = 0) -> Tensor {
        let s = x.shape
        let oh = (s.h + 2 * pad - k) / st + 1, ow = (s.w + 2 * pad - k) / st + 1
        precondition(k >= 1 && oh >= 1 && ow >= 1 && pad <= k / 2, "Tape.maxPool: kernel \(k), padding \(pad) do not fit \(s.h)×\(s.w)")
        let y = tensor(Shape(n: s.n, c: s.c, h: oh, w: ow)), planes = s.n * s.c
        // Index (within its plane) of each output's maximum, stored as Float bit patterns in pool scratch.
        let argmax = scratch(y.shape.count)
        Parallel.forEach(planes, cost: oh * ow * k * k) { p in
            let src = x.data + p * s.spatial, dst = y.data + p * oh * ow, arg = argmax + p * oh * ow
            for i in 0..<oh { for j in 0..<ow {
                var best = -Float.infinity, at = -1
                for a in 0..<k {
                    let r = i * st - pad + a
                    if r < 0 || r >= s.h { continue }
                    for b in 0..<k {
                        let c = j * st - pad + b
                        if c < 0 || c >= s.w { continue }
                        let v = src[r * s.w + c]
                        if v > best || at < 0 { best = v; at = r * s.w + c }
                    }
                }
                dst[i * ow + j] = best
                arg[i * ow + j] = Float(bitPattern: UInt32(at))
            } }
        }
        record(.pooling) { [unowned self] in
            guard let dy = y.gradient, let dx = gradient(of: x) else { return }
            Parallel.forEach(planes, cost: oh * ow) { p in
                let g = dy + p * oh * ow, arg = argmax + p * oh * ow, d = dx + p * s.spatial
                for o in 0..<(oh * ow) { d[Int(arg[o].bitPattern)] += g[o] }
            }
        }
        return y
    }
}
