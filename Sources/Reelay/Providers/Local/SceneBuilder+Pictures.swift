import Foundation

/// Pictures: stills with a slow zoom, crossfades between them, and montages.
extension SceneBuilder {
    enum Zoom {
        /// From the picture to 1.1 times it (starts exactly on it).
        case `in`
        /// From 1.1 times to the picture (ends exactly on it).
        case out
        /// Up to 1.1 times and back (starts and ends exactly on the pictures).
        case swell
        case none
    }

    /// A picture filling the frame for `frames` frames, with a slow zoom over `span` frames
    /// (all of them by default); still when the camera is fixed.
    func still(_ graph: inout FilterGraph, _ picture: URL, frames: Int, zoom: Zoom, span: Int? = nil) -> String {
        let w = plan.width, h = plan.height
        let filters = [
            Filter("trim", ["end_frame": "1"]),
            Filter("scale", ["w": "\(w)", "h": "\(h)", "force_original_aspect_ratio": "increase",
                             "out_color_matrix": "bt709", "out_range": "tv"]),
            Filter("crop", ["w": "\(w)", "h": "\(h)"]),
            Filter("format", ["pix_fmts": "yuv420p"]),
            Filter("setsar", ["sar": "1"]),
        ] + repeated(frames) + [Filter("fps", ["fps": "\(plan.fps)"])] + camera(zoom, span: span ?? frames)
        let out = graph.pad("still")
        graph.add(["\(graph.input(picture)):v:0"], filters, [out])
        return out
    }

    /// `input` with the camera's `zoom` over `span` frames.
    func zoomed(_ graph: inout FilterGraph, _ input: String, zoom: Zoom, span: Int) -> String {
        let filters = camera(zoom, span: span)
        guard !filters.isEmpty else { return input }
        let out = graph.pad("zoom")
        graph.add([input], filters, [out])
        return out
    }

    /// Scale up (even sizes) and cut the centre back out: a smooth zoom that needs ffmpeg 5.
    /// Bilinear is plenty for a factor under 1.1, and cheaper than the default bicubic.
    private func camera(_ zoom: Zoom, span: Int) -> [Filter] {
        guard !cameraFixed else { return [] }
        let w = plan.width, h = plan.height, steps = max(1, span - 1)
        let factor: String
        switch zoom {
        case .none: return []
        case .in: factor = "(1+0.1*min(1,n/\(steps)))"
        case .out: factor = "(1+0.1*max(0,1-n/\(steps)))"
        case .swell: factor = "(1+0.1*pow(sin(PI*min(1,n/\(steps))),2))"
        }
        let scaledWidth = "2*trunc(\(w)*\(factor)/2)", scaledHeight = "2*trunc(\(h)*\(factor)/2)"
        return [
            Filter("scale", ["w": scaledWidth, "h": scaledHeight, "eval": "frame", "flags": "bilinear"]),
            Filter("crop", ["w": "\(w)", "h": "\(h)", "x": "(\(scaledWidth)-\(w))/2", "y": "(\(scaledHeight)-\(h))/2"]),
            // Even sizes stretch the picture by a hair: square pixels again, or `concat` refuses.
            Filter("setsar", ["sar": "1"]),
        ]
    }

    /// `a` until `offset`, then `b` fading in over it for `fade` frames, then the rest of `b`:
    /// `offset` + the length of `b` frames. Only the overlap is blended, as `b` with a rising
    /// alpha overlaid on `a`: `xfade` costs as much again per frame and runs over every frame of
    /// both streams.
    func crossfade(_ graph: inout FilterGraph, _ a: String, _ b: String, offset: Int, fade: Int) -> String {
        let before = graph.pad("before"), under = graph.pad("under"), over = graph.pad("over"), after = graph.pad("after")
        let headA = graph.pad("a"), tailA = graph.pad("a"), headB = graph.pad("b"), tailB = graph.pad("b")
        graph.add([a], [Filter("split")], [headA, tailA])
        graph.add([b], [Filter("split")], [headB, tailB])
        graph.add([headA], [Filter("trim", ["end_frame": "\(offset)"])], [before])
        graph.add([tailA], [Filter("trim", ["start_frame": "\(offset)", "end_frame": "\(offset + fade)"]), Filter("setpts", ["expr": "N"])], [under])
        graph.add([headB], [Filter("trim", ["end_frame": "\(fade)"]), Filter("format", ["pix_fmts": "yuva420p"]),
                            Filter("fade", ["type": "in", "start_frame": "0", "nb_frames": "\(fade + 1)", "alpha": "1"])], [over])
        graph.add([tailB], [Filter("trim", ["start_frame": "\(fade)"]), Filter("setpts", ["expr": "N"])], [after])
        let blend = graph.pad("blend"), out = graph.pad("fade")
        graph.add([under, over], [Filter("overlay", ["format": "yuv420", "eof_action": "pass"])], [blend])
        graph.add([before, blend, after], [Filter("concat", ["n": "3", "v": "1", "a": "0"]),
                                           Filter("settb", ["expr": "1/\(plan.fps)"]), Filter("setpts", ["expr": "N"])], [out])
        return out
    }

    /// The pictures one after another with crossfades, under one slow swell of the camera:
    /// still pictures cost next to nothing, so only the whole is scaled, once per frame.
    func montage(_ graph: inout FilterGraph, _ pictures: [URL]) -> String {
        guard pictures.count > 1 else { return still(&graph, pictures[0], frames: plan.frames, zoom: .in) }
        let count = pictures.count
        let fade = max(1, min(plan.fps / 2, plan.frames / (2 * count)))
        let segment = (plan.frames + (count - 1) * fade) / count
        var result = still(&graph, pictures[0], frames: segment, zoom: .none)
        var length = segment
        for (index, picture) in pictures.enumerated().dropFirst() {
            let isLast = index == count - 1
            // The last picture takes what rounding left over, plus slack so the fade never falls short.
            let frames = isLast ? plan.frames - length + fade + 2 : segment
            let next = still(&graph, picture, frames: frames, zoom: .none)
            result = crossfade(&graph, result, next, offset: length - fade, fade: fade)
            length += frames - fade
        }
        return zoomed(&graph, result, zoom: .swell, span: plan.frames)
    }
}
