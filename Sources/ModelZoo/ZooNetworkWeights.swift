// A ZooNetwork's parameters and BN statistics to and from a safetensors file in the PyTorch layout
// (PyTorchLayout.swift). Import checks every name, shape and dtype against the model before it touches a
// value, and names the first mismatch; the network is changed only when the whole file fits.
import NeuralCore
import SafeTensors

extension ZooNetwork {
    /// The network's state dict in its family's PyTorch names. `batchesTracked` fills every BN's
    /// num_batches_tracked (the training steps taken, when known; 0 for a fresh network).
    public func pytorchStateDict(batchesTracked: Int = 0, recstatsVersion: String) -> SafeTensorsFile {
        let parameters = Dictionary(uniqueKeysWithValues: store.parameters.map { ($0.name, $0) })
        let buffers = Dictionary(uniqueKeysWithValues: store.buffers.map { ($0.name, $0) })
        let tensors = plan.pytorchTensors.map { entry -> SafeTensor in
            let values: [Float]
            switch entry.source {
            case .parameter(let name):
                guard let view = parameters[name] else { preconditionFailure("PyTorchLayout names parameter \(name), which \(plan.id.rawValue) does not declare") }
                precondition(view.count == entry.count, "PyTorchLayout gives \(entry.name) \(entry.count) values, the store \(view.count)")
                values = Array(UnsafeBufferPointer(start: store.value(view), count: view.count))
            case .buffer(let name):
                guard let view = buffers[name] else { preconditionFailure("PyTorchLayout names buffer \(name), which \(plan.id.rawValue) does not declare") }
                precondition(view.count == entry.count, "PyTorchLayout gives \(entry.name) \(entry.count) values, the store \(view.count)")
                values = Array(UnsafeBufferPointer(start: store.buffer(view), count: view.count))
            case .batchesTracked:
                values = [Float(batchesTracked)]
            }
            return SafeTensor(name: entry.name, shape: entry.shape, f32: values)
        }
        return SafeTensorsFile(tensors: tensors, metadata: plan.pytorchMetadata(recstatsVersion: recstatsVersion))
    }

    /// Loads a state dict into the network. Every expected tensor must be there with its shape and dtype
    /// F32 (num_batches_tracked may also be PyTorch's I64; its value is not kept), and nothing else may
    /// be; `path` names the file in errors. If the file's metadata names an "s" form, it must be the
    /// network's (the same weights compute a different function under the other form).
    public func loadPyTorchStateDict(_ file: SafeTensorsFile, path: String) throws {
        func fail(_ tensor: String?, _ reason: String) -> ZooError {
            .weightsMismatch(path: path, model: plan.id.rawValue, tensor: tensor, reason: reason)
        }
        if let model = file.metadata["model"], model != plan.id.rawValue {
            throw fail(nil, "the file's metadata says it holds \(model). HINT: pass `--model \(model)` with its options")
        }
        if let form = file.metadata["s_form"], plan.spec.isS, form != plan.options.sForm.rawValue {
            throw fail(nil, "the file was trained with --s-form \(form), not \(plan.options.sForm.rawValue). HINT: pass `--s-form \(form)`")
        }
        let byName = Dictionary(file.tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let expected = plan.pytorchTensors
        for entry in expected {
            guard let tensor = byName[entry.name] else {
                throw fail(entry.name, "missing: \(plan.id.rawValue) at these options needs it with shape \(entry.shape)")
            }
            guard tensor.shape == entry.shape else {
                throw fail(entry.name, "shape \(tensor.shape), but \(plan.id.rawValue) at these options (width \(plan.options.width), "
                    + "\(plan.options.classes) classes) needs \(entry.shape)")
            }
            if tensor.values.dtype != .f32, entry.source != .batchesTracked {
                throw fail(entry.name, "dtype \(tensor.values.dtype.rawValue), expected F32")
            }
        }
        let names = Set(expected.map(\.name))
        if let extra = file.tensors.first(where: { !names.contains($0.name) }) {
            throw fail(extra.name, "not a tensor of \(plan.id.rawValue) (the file holds another model or layout)")
        }
        let parameters = Dictionary(uniqueKeysWithValues: store.parameters.map { ($0.name, $0) })
        let buffers = Dictionary(uniqueKeysWithValues: store.buffers.map { ($0.name, $0) })
        for entry in expected {
            guard case .f32(let values) = byName[entry.name]!.values else { continue }
            switch entry.source {
            case .parameter(let name):
                values.withUnsafeBufferPointer { store.value(parameters[name]!).update(from: $0.baseAddress!, count: values.count) }
            case .buffer(let name):
                values.withUnsafeBufferPointer { store.buffer(buffers[name]!).update(from: $0.baseAddress!, count: values.count) }
            case .batchesTracked:
                break
            }
        }
    }
}
