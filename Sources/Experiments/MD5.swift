// MD5 (RFC 1321), only to check downloaded archives against their published checksums; never for
// security. Streaming: feed bytes with `update`, read the digest with `finalize`.
import Foundation

public struct MD5 {
    // Per-round shift amounts (RFC 1321 §3.4).
    private static let shifts: [UInt32] = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                           5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
                                           4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                           6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21]
    // T[i] = floor(2^32 × |sin(i + 1)|) (RFC 1321 §3.4), computed rather than typed in.
    private static let table: [UInt32] = (0..<64).map { UInt32(truncatingIfNeeded: Int64((abs(sin(Double($0 + 1))) * 4_294_967_296).rounded(.down))) }

    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)
    private var buffer = [UInt8](repeating: 0, count: 64)
    private var buffered = 0
    private var length: UInt64 = 0

    public init() {}

    public mutating func update<Bytes: DataProtocol>(_ bytes: Bytes) {
        for region in bytes.regions {
            region.withUnsafeBytes { update(raw: $0) }
        }
    }

    private mutating func update(raw: UnsafeRawBufferPointer) {
        length &+= UInt64(raw.count)
        var offset = 0
        if buffered > 0 {
            let take = min(64 - buffered, raw.count)
            for i in 0..<take { buffer[buffered + i] = raw[i] }
            buffered += take
            offset = take
            if buffered == 64 {
                buffer.withUnsafeBytes { compress(block: $0.baseAddress!) }
                buffered = 0
            }
        }
        while raw.count - offset >= 64 {
            compress(block: raw.baseAddress! + offset)
            offset += 64
        }
        for i in offset..<raw.count { buffer[buffered] = raw[i]; buffered += 1 }
    }

    /// Pads (a 1 bit, zeros, the bit length little-endian; RFC 1321 §3.1–3.2) and returns the 16-byte digest.
    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var padding: [UInt8] = [0x80]
        let afterOne = (buffered + 1) % 64
        padding += [UInt8](repeating: 0, count: afterOne <= 56 ? 56 - afterOne : 120 - afterOne)
        padding += (0..<8).map { UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64($0))) }
        update(padding)
        precondition(buffered == 0, "MD5 padding must end on a block boundary, \(buffered) bytes left")
        return [state.0, state.1, state.2, state.3].flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * UInt32($0))) } }
    }

    public static func hex(_ digest: [UInt8]) -> String { digest.map { String(format: "%02x", $0) }.joined() }

    /// The hex digest of `bytes`.
    public static func hex<Bytes: DataProtocol>(of bytes: Bytes) -> String {
        var md5 = MD5()
        md5.update(bytes)
        return hex(md5.finalize())
    }

    /// The hex digest of the file at `path`, read in 1 MiB chunks.
    public static func hex(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExperimentsError.unreadable(path: path, reason: "cannot open for reading")
        }
        defer { try? handle.close() }
        var md5 = MD5()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                md5.update(chunk)
            }
        } catch {
            throw ExperimentsError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return hex(md5.finalize())
    }

    /// One 64-byte block (RFC 1321 §3.4): four rounds of 16 operations on the state.
    private mutating func compress(block: UnsafeRawPointer) {
        var m = [UInt32](repeating: 0, count: 16)
        for i in 0..<16 { m[i] = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
        var (a, b, c, d) = state
        for i in 0..<64 {
            var f: UInt32
            let g: Int
            switch i {
            case 0..<16: f = (b & c) | (~b & d); g = i
            case 16..<32: f = (d & b) | (~d & c); g = (5 * i + 1) % 16
            case 32..<48: f = b ^ c ^ d; g = (3 * i + 5) % 16
            default: f = c ^ (b | ~d); g = (7 * i) % 16
            }
            f = f &+ a &+ MD5.table[i] &+ m[g]
            a = d
            d = c
            c = b
            b = b &+ ((f << MD5.shifts[i]) | (f >> (32 - MD5.shifts[i])))
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }
}
