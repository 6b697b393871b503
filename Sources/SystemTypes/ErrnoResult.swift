extension Result where Failure == Errno {
    /// The errno of a failed call, nil when it succeeded: for a test or a message that only
    /// asks which errno came.
    public var errno: Errno? {
        if case .failure(let errno) = self { return errno }
        return nil
    }

    /// The result of a C call that returns -1 and sets errno on failure.
    public static func checking(_ returned: Int32) -> Result<Void, Errno> where Success == Void {
        returned == -1 ? .failure(.current) : .success(())
    }
}
