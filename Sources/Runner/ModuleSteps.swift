import AuditKernel
import Matching
import POSIXSupport
import ScenarioLanguage
import SystemTypes

/// `module load` and `module unload` at run time: finit_module(2) of the module's file, or
/// delete_module(2), by the agent named, its errno checked. A module the scenario loaded is
/// unloaded by the runner when the scenario ends, unless the scenario unloaded it itself.
extension ScenarioExecution {
    func performModule(_ statement: ModuleStatement, phase: ErrorPhase) throws {
        let agent = try agent(statement.agent, phase: phase)
        let name = statement.name
        switch statement.operation {
        case .load(let parameters):
            // The requirement check found it before the scenario began; found again here, at the call.
            let path: String
            switch KernelModules.file(of: name) {
            case .success(let found): path = found
            case .failure(let reason): throw StepFailure(phase: phase, message: "module \(name): \(reason)")
            }
            let result = try attempt("agent '\(statement.agent)' could not be asked to load \(name)", at: phase) {
                try agent.loadModule(path, parameters: parameters)
            }
            if case .success = result {
                // delete_module by the runner; one the scenario unloaded already is gone (ENOENT).
                cleanup.push("unload module \(name)") {
                    if case .failure(let error) = KernelModules.unload(name), error != .noSuchFileOrDirectory {
                        throw KernelError("delete_module \(name)", errno: error)
                    }
                }
            }
            try check(result, against: statement.outcome, what: "finit_module of \(path) by \(statement.agent)", phase: phase)
        case .unload:
            let result = try attempt("agent '\(statement.agent)' could not be asked to unload \(name)", at: phase) {
                try agent.unloadModule(name)
            }
            try check(result, against: statement.outcome, what: "delete_module of \(name) by \(statement.agent)", phase: phase)
        }
    }
}
