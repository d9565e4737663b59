// The datasets recstats trains on, by stable name: the embedded synthetic defaults and the two CIFARs.
import Foundation
import RunRecords

public enum DatasetID: String, CaseIterable, Sendable {
    case synthetic10
    case synthetic100
    case cifar10
    case cifar100

    public init(parsing name: String) throws {
        guard let id = DatasetID(rawValue: name.lowercased()) else {
            throw ExperimentsError.unknownDataset(name: name, known: DatasetID.allCases.map(\.rawValue))
        }
        self = id
    }

    public var classes: Int {
        switch self {
        case .synthetic10, .cifar10: return 10
        case .synthetic100, .cifar100: return 100
        }
    }
    public var synthetic: SyntheticKind? { SyntheticKind(rawValue: rawValue) }
    public var cifar: CIFARVariant? { CIFARVariant(rawValue: rawValue) }

    /// What a preset needs to know about it: classes, kind and (CIFAR) the official split sizes.
    public var descriptor: DatasetDescriptor {
        synthetic != nil
            ? DatasetDescriptor(name: rawValue, classes: classes, kind: .synthetic)
            : DatasetDescriptor(name: rawValue, classes: classes, kind: .cifar,
                                fullTrainSize: DatasetID.defaultTrainCount, fullTestSize: DatasetID.defaultTestCount)
    }

    /// Default split sizes: CIFAR's 50,000 / 10,000 for every dataset.
    public static let defaultTrainCount = 50_000
    public static let defaultTestCount = 10_000

    /// Class names: the synthetic shape (and hue or texture), CIFAR-10's published names, "class k" for
    /// CIFAR-100 (its names ship in the archive's fine_label_names.txt, read by `classNames(dataDirectory:)`).
    public func classNames(dataDirectory: String = "data", difficulty: SyntheticDifficulty = .easy) -> [String] {
        switch self {
        case .synthetic10, .synthetic100: return synthetic!.classNames(difficulty)
        case .cifar10: return ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
        case .cifar100:
            let file = URL(fileURLWithPath: CIFARReader.dataDirectory(.cifar100, root: dataDirectory)).appendingPathComponent("fine_label_names.txt")
            let names = ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(whereSeparator: \.isNewline).map(String.init)
            return names.count == 100 ? names : (0..<100).map { "class \($0)" }
        }
    }

    /// Loads (CIFAR) or generates (synthetic, from `seed`) the train and test splits. `trainCount` and
    /// `testCount` choose the sizes (synthetic: any size; CIFAR: the first images of each split, at most
    /// all of them). The seed and the difficulty do not affect CIFAR.
    public func load(
        dataDirectory: String = "data", seed: UInt64 = 0, difficulty: SyntheticDifficulty = .easy, trainCount: Int? = nil, testCount: Int? = nil
    ) throws -> (train: ImageDataset, test: ImageDataset) {
        if let kind = synthetic {
            return SyntheticImages.splits(
                kind, difficulty: difficulty, trainCount: trainCount ?? DatasetID.defaultTrainCount,
                testCount: testCount ?? DatasetID.defaultTestCount, seed: seed)
        }
        let (train, test) = try CIFARReader.load(cifar!, root: dataDirectory)
        return (train.prefix(trainCount ?? train.count), test.prefix(testCount ?? test.count))
    }
}
