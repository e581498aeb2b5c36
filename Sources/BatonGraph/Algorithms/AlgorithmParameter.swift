/// A parameter an algorithm declares: Explorer's upper-case name, its kind and its default.
public struct AlgorithmParameter: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// A whole number (`10`, `"10"` and `10.0` all accepted when given).
        case integer
        /// A real number (integers accepted).
        case real
        /// Free text (e.g. a vertex id, a comma-separated id list, `local`).
        case text
        /// `true`/`false` (also the texts `"true"`/`"false"`, any case).
        case boolean
    }

    public let name: String
    public let kind: Kind
    /// nil: the parameter is required.
    public let defaultValue: AlgorithmValue?

    public init(_ name: String, _ kind: Kind, default defaultValue: AlgorithmValue?) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }
}

/// A checked parameter value.
public enum AlgorithmValue: Sendable, Equatable {
    case integer(Int)
    case real(Double)
    case text(String)
    case boolean(Bool)
}

/// The parameters of one run, by upper-case name, every declared one present and of its kind.
public struct AlgorithmParameters: Sendable, Equatable {
    public var values: [String: AlgorithmValue]

    public init(_ values: [String: AlgorithmValue]) { self.values = values }

    /// The integer named `name`. Precondition: declared as `.integer`.
    public func integer(_ name: String) -> Int {
        if case .integer(let v) = values[name] { return v }
        preconditionFailure("parameter \(name) is not a checked integer")
    }

    /// The real named `name` (an integer value widened). Precondition: declared as `.real`.
    public func real(_ name: String) -> Double {
        switch values[name] {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: preconditionFailure("parameter \(name) is not a checked real")
        }
    }

    /// The text named `name`. Precondition: declared as `.text`.
    public func text(_ name: String) -> String {
        if case .text(let v) = values[name] { return v }
        preconditionFailure("parameter \(name) is not a checked text")
    }

    /// The boolean named `name`. Precondition: declared as `.boolean`.
    public func boolean(_ name: String) -> Bool {
        if case .boolean(let v) = values[name] { return v }
        preconditionFailure("parameter \(name) is not a checked boolean")
    }
}
