import Foundation
import Testing
@testable import Experiments

@Suite struct MD5Tests {
    // The test suite of RFC 1321, appendix A.5.
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func rfc1321TestSuite(message: String, digest: String) {
        #expect(MD5.hex(of: Array(message.utf8)) == digest)
    }

    // One million 'a' (a widely published vector, e.g. in the NIST/RFC test collections; checked with md5sum).
    @Test func oneMillionA() {
        #expect(MD5.hex(of: [UInt8](repeating: 0x61, count: 1_000_000)) == "7707d6ae4e027c70eea2a935c2296f21")
    }

    // Lengths around the padding boundary (55, 56, 63, 64 bytes) fed in pieces of every size must
    // give the digest md5sum gives (values from `head -c N /dev/zero | md5sum`, GNU coreutils 9.1).
    @Test(arguments: [
        (55, "c9ea3314b91c9fd4e38f9432064fd1f2"),
        (56, "e3c4dd21a9171fd39d208efa09bf7883"),
        (63, "65cecfb980d72fde57d175d6ec1c3f64"),
        (64, "3b5d3c7d207e37dceeedd301e35e2e58"),
    ])
    func streamingAcrossBlockBoundaries(length: Int, digest: String) {
        let zeros = [UInt8](repeating: 0, count: length)
        for piece in [1, 7, 13, 64] {
            var md5 = MD5()
            for start in stride(from: 0, to: length, by: piece) { md5.update(zeros[start..<min(length, start + piece)]) }
            #expect(MD5.hex(md5.finalize()) == digest, "pieces of \(piece)")
        }
    }

    @Test func fileDigestMatchesTheOneShotDigest() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("md5-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("abc".utf8).write(to: url)
        #expect(try MD5.hex(ofFile: url.path) == "900150983cd24fb0d6963f7d28e17f72")
    }
}
