// The version recstats reports and writes into every run record's provenance.
enum RecstatsVersion {
    static let string = "0.1.0"
}
