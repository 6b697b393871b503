/// An action that did not do what the scenario says: the scenario is in error, and its
/// records prove nothing either way.
struct StepFailure: Error {
    var phase: String
    var message: String
}
