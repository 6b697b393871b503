import Matching
import POSIXSupport

/// An action that did not do what the scenario says: the scenario is in error, and its
/// records prove nothing either way.
struct StepFailure: Error {
    var phase: ErrorPhase
    var message: String
}

extension ScenarioExecution {
    /// Runs one request of a step, turning whatever it throws into the step's failure, its
    /// message led by what was attempted (`agent 'a' could not be asked to write: ...`), if said.
    /// An interruption (SIGINT, SIGTERM) passes through as it is, so the session can restore
    /// the machine and exit.
    func attempt<T>(_ what: @autoclosure () -> String, at phase: ErrorPhase, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as StepFailure { throw failure } catch let interrupted as Interrupted {
            throw interrupted
        } catch {
            let lead = what()
            throw StepFailure(phase: phase, message: lead.isEmpty ? "\(error)" : "\(lead): \(error)")
        }
    }
}
