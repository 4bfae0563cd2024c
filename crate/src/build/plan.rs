//! What a build will run before it runs anything: which stages the target needs (the rest are skipped), the steps
//! in order, and the global ARGs (those before the first FROM) with `--build-arg` applied.

use super::events::StagePlan;
use crate::dockerfile::expand::Lexer;
use crate::dockerfile::{Command, Dockerfile};
use std::collections::{BTreeMap, BTreeSet};

/// One step: an instruction of a used stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedStep {
    pub stage: usize,
    /// Index into `Dockerfile::instructions`.
    pub instruction: usize,
    /// 1-based position in the stage (its FROM is 1) and the stage's length.
    pub stage_step: usize,
    pub stage_steps: usize,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub stages: Vec<StagePlan>,
    pub steps: Vec<PlannedStep>,
    /// The global ARGs in scope for FROM lines: name → value (None when declared without a value).
    pub meta_args: BTreeMap<String, Option<String>>,
    pub target: usize,
}

/// Why a plan cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanError(pub String);

/// The platform ARGs BuildKit defines automatically in the global scope.
pub fn automatic_platform_args(arch: &str) -> BTreeMap<String, String> {
    let platform = format!("linux/{arch}");
    let mut args = BTreeMap::new();
    for prefix in ["BUILD", "TARGET"] {
        args.insert(format!("{prefix}PLATFORM"), platform.clone());
        args.insert(format!("{prefix}OS"), "linux".to_string());
        args.insert(format!("{prefix}ARCH"), arch.to_string());
        args.insert(format!("{prefix}VARIANT"), if arch == "arm64" { "v8".into() } else { String::new() });
    }
    args
}

impl Plan {
    pub fn new(
        dockerfile: &Dockerfile,
        build_args: &BTreeMap<String, String>,
        target: Option<&str>,
        arch: &str,
    ) -> Result<Plan, PlanError> {
        let lexer = Lexer::new(dockerfile.directives.escape);
        let mut meta_args: BTreeMap<String, Option<String>> = BTreeMap::new();
        let automatic = automatic_platform_args(arch);
        for &index in &dockerfile.meta_args {
            if let Command::Arg { args } = &dockerfile.instructions[index].command {
                for decl in args {
                    let env = meta_env(&meta_args, &automatic);
                    let default = match &decl.default {
                        Some(word) => {
                            Some(lexer.expand_word(&word.text, &env).map_err(|e| PlanError(e.message))?.value)
                        }
                        None => None,
                    };
                    let value = build_args
                        .get(&decl.name.text)
                        .cloned()
                        .or(default)
                        .or_else(|| automatic.get(&decl.name.text).cloned());
                    meta_args.insert(decl.name.text.clone(), value);
                }
            }
        }
        let env = meta_env(&meta_args, &automatic);
        let mut stages = Vec::new();
        let mut dependencies: Vec<BTreeSet<usize>> = Vec::new();
        for (index, stage) in dockerfile.stages.iter().enumerate() {
            let Command::From(from) = &dockerfile.instructions[stage.from].command else {
                return Err(PlanError("a FROM instruction could not be read".into()));
            };
            let base = lexer.expand_word(&from.image.text, &env).map_err(|e| PlanError(e.message))?.value;
            let mut deps = BTreeSet::new();
            if let Some(earlier) = find_stage(&stages, &base, index) {
                deps.insert(earlier);
            }
            for instruction in &dockerfile.instructions[stage.from + 1..stage.end] {
                let from_flag = match &instruction.command {
                    Command::Copy(copy) => copy.from.as_ref(),
                    _ => None,
                };
                if let Some(flag) = from_flag {
                    let name =
                        lexer.expand_word(&flag.text, &env).map(|e| e.value).unwrap_or_else(|_| flag.text.clone());
                    if let Some(earlier) = find_stage(&stages, &name, index) {
                        deps.insert(earlier);
                    }
                }
            }
            stages.push(StagePlan { index, name: stage.name.clone(), base, used: false });
            dependencies.push(deps);
        }
        if stages.is_empty() {
            return Err(PlanError("the Dockerfile has no FROM instruction".into()));
        }
        let target_index = match target {
            None => stages.len() - 1,
            Some(name) => {
                let lower = name.to_lowercase();
                stages.iter().position(|s| s.name.as_deref() == Some(lower.as_str())).ok_or_else(|| {
                    let names: Vec<&str> = stages.iter().filter_map(|s| s.name.as_deref()).collect();
                    PlanError(format!(
                        "failed to reach build target {name} in Dockerfile: the stages are named {}",
                        if names.is_empty() {
                            "(none: name one with FROM … AS name)".into()
                        } else {
                            names.join(", ")
                        }
                    ))
                })?
            }
        };
        let mut pending = vec![target_index];
        while let Some(index) = pending.pop() {
            if !stages[index].used {
                stages[index].used = true;
                pending.extend(dependencies[index].iter().copied());
            }
        }
        let mut steps = Vec::new();
        for (index, stage) in dockerfile.stages.iter().enumerate().take(target_index + 1) {
            if !stages[index].used {
                continue;
            }
            let count = stage.end - stage.from;
            for (offset, instruction) in (stage.from..stage.end).enumerate() {
                steps.push(PlannedStep { stage: index, instruction, stage_step: offset + 1, stage_steps: count });
            }
        }
        Ok(Plan { stages, steps, meta_args, target: target_index })
    }
}

fn meta_env(
    meta_args: &BTreeMap<String, Option<String>>,
    automatic: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut env = automatic.clone();
    for (name, value) in meta_args {
        match value {
            Some(v) => {
                env.insert(name.clone(), v.clone());
            }
            None => {
                env.remove(name);
            }
        }
    }
    env
}

/// A stage named `name` (or numbered, for `COPY --from=0`) before `before`.
pub fn find_stage(stages: &[StagePlan], name: &str, before: usize) -> Option<usize> {
    let lower = name.to_lowercase();
    if let Some(found) = stages.iter().take(before).position(|s| s.name.as_deref() == Some(lower.as_str())) {
        return Some(found);
    }
    name.parse::<usize>().ok().filter(|&n| n < before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    #[test]
    fn skips_stages_the_target_does_not_need() {
        let text = "ARG V=1\nFROM alpine AS unused\nRUN x\nFROM node:$V AS build\nRUN y\nFROM nginx\nCOPY --from=build /a /b\n";
        let dockerfile = parse(text);
        let plan = Plan::new(&dockerfile, &BTreeMap::new(), None, "amd64").unwrap();
        let used: Vec<bool> = plan.stages.iter().map(|s| s.used).collect();
        assert_eq!(used, [false, true, true]);
        assert_eq!(plan.stages[1].base, "node:1");
        assert_eq!(plan.steps.len(), 4);
        assert_eq!((plan.steps[0].stage_step, plan.steps[0].stage_steps), (1, 2));
        let args = BTreeMap::from([("V".to_string(), "20".to_string())]);
        let plan = Plan::new(&dockerfile, &args, Some("build"), "amd64").unwrap();
        assert_eq!(plan.stages[1].base, "node:20");
        assert_eq!(plan.steps.len(), 2);
        let error = Plan::new(&dockerfile, &args, Some("nope"), "amd64").unwrap_err().0;
        assert!(error.contains("the stages are named unused, build"), "{error}");
    }
}
