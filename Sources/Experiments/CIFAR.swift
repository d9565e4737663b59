// Readers for the official binary CIFAR files (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html).
// CIFAR-10: data_batch_1.bin … data_batch_5.bin and test_batch.bin, 3,073-byte records
//           (1 label byte 0…9, then 1,024 R, 1,024 G, 1,024 B bytes, rows top to bottom).
// CIFAR-100: train.bin and test.bin, 3,074-byte records (coarse label 0…19, fine label 0…99, pixels);
//            we train on the fine labels.
import Foundation

/// The two official CIFAR binary datasets: file names, record layout, archive and its published MD5.
public enum CIFARVariant: String, CaseIterable, Sendable {
    case cifar10
    case cifar100

    /// The directory the official archive extracts to.
    public var directoryName: String {
        switch self {
        case .cifar10: return "cifar-10-batches-bin"
        case .cifar100: return "cifar-100-binary"
        }
    }
    public var archiveName: String {
        switch self {
        case .cifar10: return "cifar-10-binary.tar.gz"
        case .cifar100: return "cifar-100-binary.tar.gz"
        }
    }
    public var archiveURL: String { "https://www.cs.toronto.edu/~kriz/\(archiveName)" }
    /// The MD5 published on the CIFAR page (also in torchvision's `datasets/cifar.py`).
    public var archiveMD5: String {
        switch self {
        case .cifar10: return "c32a1d4ab5d03f1284b67883e8d87530"
        case .cifar100: return "03b5dce01913d631647c71ecec9e9cb8"
        }
    }
    public var trainFiles: [String] {
        switch self {
        case .cifar10: return (1...5).map { "data_batch_\($0).bin" }
        case .cifar100: return ["train.bin"]
        }
    }
    public var testFiles: [String] {
        switch self {
        case .cifar10: return ["test_batch.bin"]
        case .cifar100: return ["test.bin"]
        }
    }
    public var classes: Int { self == .cifar10 ? 10 : 100 }
    /// Label bytes before the pixels: CIFAR-10 one (the label), CIFAR-100 two (coarse, fine).
    public var labelBytes: Int { self == .cifar10 ? 1 : 2 }
    public static let pixelBytes = 3 * 32 * 32
    public var recordSize: Int { labelBytes + CIFARVariant.pixelBytes }
    /// Records per file in the official release (50,000 train and 10,000 test images in both).
    public func officialRecords(file: String) -> Int {
        switch self {
        case .cifar10: return 10_000
        case .cifar100: return file == "train.bin" ? 50_000 : 10_000
        }
    }
}

/// One checked CIFAR file: its name and how many records it holds.
public struct CIFARFileSummary: Sendable, Equatable {
    public let file: String
    public let records: Int
    public let officialRecords: Int
}

public enum CIFARReader {
    /// The directory holding `variant`'s files: `root/<directoryName>` (where `fetch` puts them), or `root`
    /// itself when the files sit directly in it.
    public static func dataDirectory(_ variant: CIFARVariant, root: String) -> String {
        let nested = URL(fileURLWithPath: root).appendingPathComponent(variant.directoryName).path
        let direct = URL(fileURLWithPath: root).appendingPathComponent(variant.testFiles[0]).path
        if !FileManager.default.fileExists(atPath: nested), FileManager.default.fileExists(atPath: direct) {
            return root
        }
        return nested
    }

    /// Reads one binary file: the pixels of every record (channel-planar, as stored) and its labels
    /// (CIFAR-100: the fine labels). Checks the size and every label.
    public static func readFile(_ path: String, variant: CIFARVariant) throws -> (pixels: [UInt8], labels: [Int32]) {
        let bytes = try load(path, variant: variant)
        let n = try checkRecords(bytes, path: path, variant: variant)
        let r = variant.recordSize
        var pixels = [UInt8](repeating: 0, count: n * CIFARVariant.pixelBytes)
        var labels = [Int32](repeating: 0, count: n)
        bytes.withUnsafeBytes { (src: UnsafeRawBufferPointer) in
            pixels.withUnsafeMutableBytes { dst in
                for i in 0..<n {
                    labels[i] = Int32(src[i * r + variant.labelBytes - 1])
                    let from = src.baseAddress! + i * r + variant.labelBytes
                    (dst.baseAddress! + i * CIFARVariant.pixelBytes).copyMemory(from: from, byteCount: CIFARVariant.pixelBytes)
                }
            }
        }
        return (pixels, labels)
    }

    /// Loads the training files (concatenated in order) and the test file of `variant` under `root`.
    public static func load(_ variant: CIFARVariant, root: String) throws -> (train: ImageDataset, test: ImageDataset) {
        let directory = dataDirectory(variant, root: root)
        func read(_ files: [String], split: String) throws -> ImageDataset {
            var pixels: [UInt8] = []
            var labels: [Int32] = []
            for file in files {
                let part = try readFile(path(directory, file, variant: variant, root: root), variant: variant)
                pixels += part.pixels
                labels += part.labels
            }
            return ImageDataset(name: "\(variant.rawValue)-\(split)", classes: variant.classes, pixels: pixels, labels: labels)
        }
        return (try read(variant.trainFiles, split: "train"), try read(variant.testFiles, split: "test"))
    }

    /// Checks every file of `variant` under `root` (present, whole records, labels in range) without
    /// keeping the pixels; returns the record count of each file.
    public static func verify(_ variant: CIFARVariant, root: String) throws -> [CIFARFileSummary] {
        let directory = dataDirectory(variant, root: root)
        return try (variant.trainFiles + variant.testFiles).map { file in
            let p = try path(directory, file, variant: variant, root: root)
            let n = try checkRecords(try load(p, variant: variant), path: p, variant: variant)
            return CIFARFileSummary(file: file, records: n, officialRecords: variant.officialRecords(file: file))
        }
    }

    // MARK: - Helpers

    private static func path(_ directory: String, _ file: String, variant: CIFARVariant, root: String) throws -> String {
        let p = URL(fileURLWithPath: directory).appendingPathComponent(file).path
        guard FileManager.default.fileExists(atPath: p) else {
            throw ExperimentsError.missingFile(
                path: p, expected: "the \(variant.rawValue) binary file \(file) of \(variant.recordSize)-byte records",
                hint: "run `recstats data fetch \(variant.rawValue) --dir \(root)`")
        }
        return p
    }

    private static func load(_ path: String, variant: CIFARVariant) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            if !FileManager.default.fileExists(atPath: path) {
                throw ExperimentsError.missingFile(
                    path: path, expected: "a \(variant.rawValue) binary file", hint: "run `recstats data fetch \(variant.rawValue)`")
            }
            throw ExperimentsError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Returns the number of records after checking the size and the label bytes of each record.
    private static func checkRecords(_ bytes: Data, path: String, variant: CIFARVariant) throws -> Int {
        let r = variant.recordSize
        guard bytes.count % r == 0, bytes.count > 0 else {
            throw ExperimentsError.badFileSize(path: path, size: bytes.count, recordSize: r)
        }
        let n = bytes.count / r
        try bytes.withUnsafeBytes { (src: UnsafeRawBufferPointer) in
            for i in 0..<n {
                if variant == .cifar100, src[i * r] >= 20 {
                    throw ExperimentsError.labelOutOfRange(path: path, record: i, field: "coarse label", label: Int(src[i * r]), classes: 20)
                }
                let label = Int(src[i * r + variant.labelBytes - 1])
                if label >= variant.classes {
                    throw ExperimentsError.labelOutOfRange(
                        path: path, record: i, field: variant == .cifar100 ? "fine label" : "label", label: label, classes: variant.classes)
                }
            }
        }
        return n
    }
}
