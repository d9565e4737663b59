// Element-wise add and subtract, channel-wise scaling (squeeze-and-excitation), and channel split and
// concatenation (Res2Net). In channel-major storage a channel range is one contiguous run, so split and
// concat are block copies.

extension Tape {
    /// a + b (same shape); da += dy, db += dy.
    public func add(_ a: Tensor, _ b: Tensor) -> Tensor { combine(a, b, sign: 1) }

    /// a − b (same shape); da += dy, db −= dy.
    public func subtract(_ a: Tensor, _ b: Tensor) -> Tensor { combine(a, b, sign: -1) }

    /// c·x for a constant c (a recursion formula's coefficient); dx += c·dy.
    public func scale(_ x: Tensor, by c: Float) -> Tensor {
        let y = tensor(x.shape), n = x.shape.count
        let xd = x.data, yd = y.data
        Parallel.forRanges(n, grain: 1 << 15) { r in for i in r { yd[i] = c * xd[i] } }
        record(.elementwiseBackward) { [unowned self] in
            guard let dy = y.gradient, let (dx, fresh) = gradientForWriting(of: x) else { return }
            Parallel.forRanges(n, grain: 1 << 15) { r in
                if fresh { for i in r { dx[i] = c * dy[i] } } else { for i in r { dx[i] += c * dy[i] } }
            }
        }
        return y
    }

    /// ReLU(a + b) in one pass (a residual block's join); with g = dy·[y > 0], da += g, db += g.
    public func addReLU(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.shape == b.shape, "Tape.addReLU expected equal shapes, got \(a.shape) and \(b.shape)")
        let y = tensor(a.shape), n = a.shape.count
        let ad = a.data, bd = b.data, yd = y.data
        Parallel.forRanges(n, grain: 1 << 15) { r in for i in r { yd[i] = max(0, ad[i] + bd[i]) } }
        record(.elementwiseBackward) { [unowned self] in
            guard let dy = y.gradient else { return }
            // a's gradient first (it may become the masked dy itself), then b's from the same mask.
            let ga = gradientForWriting(of: a), gb = gradientForWriting(of: b)
            Parallel.forRanges(n, grain: 1 << 15) { r in
                // One loop per case, so each vectorises.
                switch (ga, gb) {
                case let ((da, true)?, (db, true)?):
                    for i in r { let g = reluGate(yd[i], dy[i]); da[i] = g; db[i] = g }
                case let ((da, true)?, (db, false)?):
                    for i in r { let g = reluGate(yd[i], dy[i]); da[i] = g; db[i] += g }
                case let ((da, false)?, (db, true)?):
                    for i in r { let g = reluGate(yd[i], dy[i]); da[i] += g; db[i] = g }
                case let ((da, false)?, (db, false)?):
                    // b may be a (addReLU(x, x)): two additions, in order.
                    for i in r { let g = reluGate(yd[i], dy[i]); da[i] += g; db[i] += g }
                case let ((d, fresh)?, nil), let (nil, (d, fresh)?):
                    if fresh { for i in r { d[i] = reluGate(yd[i], dy[i]) } } else { for i in r { d[i] += reluGate(yd[i], dy[i]) } }
                case (nil, nil):
                    break
                }
            }
        }
        return y
    }

    /// With a fresh gradient, a takes dy itself (no copy) and b gets sign·dy assigned; otherwise both
    /// accumulate.
    private func combine(_ a: Tensor, _ b: Tensor, sign: Float) -> Tensor {
        precondition(a.shape == b.shape, "Tape.add/subtract expected equal shapes, got \(a.shape) and \(b.shape)")
        let y = tensor(a.shape), n = a.shape.count
        let ad = a.data, bd = b.data, yd = y.data
        Parallel.forRanges(n, grain: 1 << 15) { r in for i in r { yd[i] = ad[i] + sign * bd[i] } }
        record(.elementwiseBackward) { [unowned self] in
            guard let dy = y.gradient else { return }
            // After this closure nothing reads y's gradient, so a may adopt it. If b is a, it then adds
            // sign·dy onto the adopted buffer in place: 2·dy for add(x, x), 0 for subtract(x, x).
            if !adoptGradient(dy, for: a), let da = gradient(of: a) {
                Parallel.forRanges(n, grain: 1 << 15) { r in for i in r { da[i] += dy[i] } }
            }
            if let (db, fresh) = gradientForWriting(of: b) {
                Parallel.forRanges(n, grain: 1 << 15) { r in
                    if fresh { for i in r { db[i] = sign * dy[i] } } else { for i in r { db[i] += sign * dy[i] } }
                }
            }
        }
        return y
    }

    /// y[n, c, h, w] = x[n, c, h, w]·s[n, c] with s: N×C×1×1 (SE's excitation);
    /// dx += dy·s, ds[n, c] += Σ_hw dy·x.
    public func scaleChannels(_ x: Tensor, by s: Tensor) -> Tensor {
        let xs = x.shape
        precondition(s.shape == Shape(n: xs.n, c: xs.c), "Tape.scaleChannels expected scales \(xs.n)×\(xs.c)×1×1, got \(s.shape)")
        let y = tensor(xs), hw = xs.spatial, planes = xs.n * xs.c
        // Plane p = c·N + n holds x[n, c, :, :] and matches s.data[p].
        Parallel.forEach(planes, cost: hw) { p in
            let v = s.data[p], src = x.data + p * hw, dst = y.data + p * hw
            for i in 0..<hw { dst[i] = src[i] * v }
        }
        record(.elementwiseBackward) { [unowned self] in
            guard let dy = y.gradient else { return }
            let dx = gradient(of: x), ds = gradient(of: s)
            Parallel.forEach(planes, cost: hw) { p in
                let g = dy + p * hw, src = x.data + p * hw
                if let dx { let v = s.data[p], d = dx + p * hw; for i in 0..<hw { d[i] += g[i] * v } }
                if let ds { var acc: Float = 0; for i in 0..<hw { acc += g[i] * src[i] }; ds[p] += acc }
            }
        }
        return y
    }

    /// Splits the channels into `parts` equal consecutive chunks (Res2Net's x1..x4).
    public func splitChannels(_ x: Tensor, parts: Int) -> [Tensor] {
        precondition(parts >= 1 && x.shape.c % parts == 0, "Tape.splitChannels: \(x.shape.c) channels do not split into \(parts)")
        let width = x.shape.c / parts
        return (0..<parts).map { sliceChannels(x, from: $0 * width, count: width) }
    }

    /// Channels from..<from+count of x.
    public func sliceChannels(_ x: Tensor, from: Int, count: Int) -> Tensor {
        precondition(from >= 0 && count >= 1 && from + count <= x.shape.c, "Tape.sliceChannels: \(from)..<\(from + count) outside \(x.shape.c) channels")
        var s = x.shape; s.c = count
        let y = tensor(s), stride = x.shape.channelStride, n = count * stride, src = x.data + from * stride
        y.data.update(from: src, count: n)
        record(.elementwiseBackward) { [unowned self] in
            guard let dy = y.gradient, let dx = gradient(of: x) else { return }
            let d = dx + from * stride
            Parallel.forRanges(n, grain: 1 << 15) { r in for i in r { d[i] += dy[i] } }
        }
        return y
    }

    /// Concatenates along channels (equal N, H, W).
    public func concatChannels(_ xs: [Tensor]) -> Tensor {
        precondition(!xs.isEmpty, "Tape.concatChannels needs at least one tensor")
        var s = xs[0].shape
        for t in xs {
            precondition(t.shape.n == s.n && t.shape.h == s.h && t.shape.w == s.w,
                         "Tape.concatChannels expected N×·×\(s.h)×\(s.w) with N = \(s.n), got \(t.shape)")
        }
        s.c = xs.reduce(0) { $0 + $1.shape.c }
        let y = tensor(s)
        var offset = 0
        var offsets: [Int] = []
        for t in xs {
            offsets.append(offset)
            (y.data + offset).update(from: t.data, count: t.shape.count)
            offset += t.shape.count
        }
        record(.elementwiseBackward) { [unowned self] in
            guard let dy = y.gradient else { return }
            for (t, o) in zip(xs, offsets) {
                // A part with no gradient yet takes its slice of dy as is.
                if adoptGradient(dy + o, for: t) { continue }
                guard let dx = gradient(of: t) else { continue }
                let src = dy + o
                Parallel.forRanges(t.shape.count, grain: 1 << 15) { r in for i in r { dx[i] += src[i] } }
            }
        }
        return y
    }
}
