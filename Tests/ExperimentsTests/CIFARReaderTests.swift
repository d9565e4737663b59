import Foundation
import TestSupport
import Testing
@testable import Experiments

/// Tiny CIFAR files written byte by byte: record r of a file has label `labelOf(r)` and pixel j = (r·7 + j) mod 251.
enum TinyCIFAR {
    static func record(_ variant: CIFARVariant, label: UInt8, coarse: UInt8 = 3, seed: Int) -> [UInt8] {
        TinyCIFARFiles.record(hundred: variant == .cifar100, label: label, coarse: coarse, seed: seed)
    }

    /// Writes every file of `variant` into `directory` with `records` records each (TestSupport); returns the directory.
    @discardableResult
    static func write(_ variant: CIFARVariant, into directory: URL, records: Int = 3) throws -> URL {
        try TinyCIFARFiles.write(hundred: variant == .cifar100, into: directory, records: records)
    }

    static func temporaryDirectory() -> URL { try! makeTemporaryDirectory("data") }
}

@Suite struct CIFARReaderTests {
    @Test func recordSizesAreThoseOfTheOfficialFormat() {
        // 1 label byte + 3×32×32 pixels; CIFAR-100 has a coarse and a fine label byte.
        #expect(CIFARVariant.cifar10.recordSize == 3073)
        #expect(CIFARVariant.cifar100.recordSize == 3074)
        #expect(CIFARVariant.cifar10.trainFiles == ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"])
        #expect(CIFARVariant.cifar100.testFiles == ["test.bin"])
    }

    @Test func readsCIFAR10RecordsExactly() throws {
        let root = TinyCIFAR.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TinyCIFAR.write(.cifar10, into: root.appendingPathComponent("cifar-10-batches-bin"), records: 2)
        let (train, test) = try CIFARReader.load(.cifar10, root: root.path)
        #expect(train.count == 10 && test.count == 2 && train.classes == 10)
        // File f (0-based), record r: label (f + r) mod 10, pixel j = ((10f + r)·7 + j) mod 251.
        #expect(train.labels == [0, 1, 1, 2, 2, 3, 3, 4, 4, 5])
        #expect(test.labels == [5, 6])
        let image3 = Array(train.pixels[(3 * 3072)..<(4 * 3072)])      // file 1, record 1: seed 11
        #expect(image3[0] == 77 && image3[1] == 78 && image3[3071] == UInt8((77 + 3071) % 251))
    }

    @Test func readsTheFineLabelsOfCIFAR100() throws {
        let root = TinyCIFAR.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("cifar-100-binary")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(TinyCIFAR.record(.cifar100, label: 99, coarse: 19, seed: 0) + TinyCIFAR.record(.cifar100, label: 42, coarse: 7, seed: 1))
            .write(to: dir.appendingPathComponent("train.bin"))
        try Data(TinyCIFAR.record(.cifar100, label: 5, coarse: 0, seed: 2)).write(to: dir.appendingPathComponent("test.bin"))
        let (train, test) = try CIFARReader.load(.cifar100, root: root.path)
        #expect(train.labels == [99, 42] && test.labels == [5] && train.classes == 100)
        #expect(train.pixels[3072] == 7)   // record 1: seed 1, pixel 0 = 7; the two label bytes are skipped
    }

    @Test func aFileOfPartialRecordsIsRefusedWithItsNameAndSize() throws {
        let dir = try TinyCIFAR.write(.cifar10, into: TinyCIFAR.temporaryDirectory(), records: 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("data_batch_3.bin")
        try Data(count: 2 * 3073 + 100).write(to: file)
        let error = #expect(throws: ExperimentsError.self) { try CIFARReader.load(.cifar10, root: dir.path) }
        #expect(error == .badFileSize(path: file.path, size: 6246, recordSize: 3073))
        #expect(error?.description.contains("data_batch_3.bin") == true)
        #expect(error?.description.contains("3073-byte records") == true)
    }

    @Test func anEmptyFileIsRefused() throws {
        let dir = try TinyCIFAR.write(.cifar100, into: TinyCIFAR.temporaryDirectory())
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data().write(to: dir.appendingPathComponent("test.bin"))
        let error = #expect(throws: ExperimentsError.self) { try CIFARReader.verify(.cifar100, root: dir.path) }
        #expect(error?.description.contains("empty") == true)
    }

    @Test(arguments: [
        (CIFARVariant.cifar10, [UInt8]([10]), "label 10"),
        (CIFARVariant.cifar100, [UInt8]([3, 100]), "fine label 100"),
        (CIFARVariant.cifar100, [UInt8]([20, 4]), "coarse label 20"),
    ])
    func aLabelOutOfRangeIsRefusedWithTheRecord(variant: CIFARVariant, labelBytes: [UInt8], message: String) throws {
        let dir = try TinyCIFAR.write(variant, into: TinyCIFAR.temporaryDirectory())
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(variant.testFiles[0])
        var bytes = [UInt8](try Data(contentsOf: file))
        for (k, b) in labelBytes.enumerated() { bytes[2 * variant.recordSize + k] = b }   // record 2
        try Data(bytes).write(to: file)
        let error = #expect(throws: ExperimentsError.self) { try CIFARReader.load(variant, root: dir.path) }
        #expect(error?.description.contains("\(variant.testFiles[0]): record 2 has \(message)") == true)
    }

    @Test func aMissingFileIsNamedWithTheFetchHint() throws {
        let dir = try TinyCIFAR.write(.cifar10, into: TinyCIFAR.temporaryDirectory())
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("data_batch_4.bin"))
        let error = #expect(throws: ExperimentsError.self) { try CIFARReader.verify(.cifar10, root: dir.path) }
        guard case .missingFile(let path, _, _)? = error else { Issue.record("expected missingFile, got \(String(describing: error))"); return }
        #expect(path.hasSuffix("data_batch_4.bin"))
        #expect(error!.description.contains("HINT: run `recstats data fetch cifar10"))
    }

    @Test func verifyCountsTheRecordsOfEveryFile() throws {
        let dir = try TinyCIFAR.write(.cifar10, into: TinyCIFAR.temporaryDirectory(), records: 4)
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = try CIFARReader.verify(.cifar10, root: dir.path)
        #expect(summary.map(\.file) == CIFARVariant.cifar10.trainFiles + ["test_batch.bin"])
        #expect(summary.allSatisfy { $0.records == 4 && $0.officialRecords == 10_000 })
    }

    @Test func prefixKeepsTheFirstImages() throws {
        let dir = try TinyCIFAR.write(.cifar10, into: TinyCIFAR.temporaryDirectory(), records: 2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (train, _) = try DatasetID.cifar10.load(dataDirectory: dir.path, trainCount: 3)
        #expect(train.count == 3 && train.labels == [0, 1, 1] && train.pixels.count == 3 * 3072)
    }
}
