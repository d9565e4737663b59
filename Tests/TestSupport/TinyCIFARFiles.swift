// Tiny files in the official CIFAR binary layout (https://www.cs.toronto.edu/~kriz/cifar.html): a record
// is 1 label byte (CIFAR-10) or a coarse and a fine label byte (CIFAR-100), then 3×32×32 pixel bytes, red
// plane first. Written from that description, not with recstats' reader, and archived with the system tar
// (MD5 from md5sum), so the tests compare recstats against independent tools.
import Foundation

public enum TinyCIFARFiles {
    public static let cifar10Train = (1...5).map { "data_batch_\($0).bin" }
    public static let cifar10Test = ["test_batch.bin"]
    public static let cifar100Train = ["train.bin"]
    public static let cifar100Test = ["test.bin"]

    /// One record: the label byte(s), then pixels that vary with `seed`.
    public static func record(hundred: Bool, label: UInt8, coarse: UInt8 = 3, seed: Int) -> [UInt8] {
        (hundred ? [coarse, label] : [label]) + (0..<3072).map { UInt8((seed * 7 + $0) % 251) }
    }

    /// Writes every file of CIFAR-10 (or -100) into `directory`, `records` records each, file f's record r
    /// labelled (f + r) mod classes; returns the directory.
    @discardableResult
    public static func write(hundred: Bool, into directory: URL, records: Int = 3) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = hundred ? cifar100Train + cifar100Test : cifar10Train + cifar10Test
        let classes = hundred ? 100 : 10
        for (f, file) in files.enumerated() {
            let bytes = (0..<records).flatMap { r in record(hundred: hundred, label: UInt8((f + r) % classes), seed: 10 * f + r) }
            try Data(bytes).write(to: directory.appendingPathComponent(file))
        }
        return directory
    }

    /// `tar -czf archive -C parent name` of the directory `parent/name`, and the archive's MD5 (md5sum).
    public static func archive(_ parent: URL, _ name: String, to archive: URL) throws -> String {
        try FileManager.default.createDirectory(at: archive.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ProcessRunner.check("tar", ["-czf", archive.path, "-C", parent.path, name])
        return String(try ProcessRunner.check("md5sum", [archive.path]).prefix(32))
    }
}
