//! The real programs of the catalog's simulated images: minibox, layerlab's static multi-call binary (`sh` and the
//! busybox-style applets), one per architecture, handed in by whoever runs the core (the CLI reads it from disk, the
//! browser fetches it). With it, a catalog image's multi-call program (`/bin/busybox`, `/usr/bin/busybox`) is the
//! real ELF file, and `/layerlab/applet` — the interpreter every `#!/layerlab/applet NAME` file names — links to
//! it, so an exported image runs in a real engine. Without it those files stay text placeholders.
//!
//! The simulated shell must still recognise the binary as its own busybox while it builds: minibox files carry a
//! fixed trailer after the ELF image ([`TRAILER`]; the kernel ignores bytes past the program headers' extent), and
//! [`is_minibox`] checks for it.

use super::Arch;
use std::sync::Arc;

/// Appended to every minibox binary put into an image: how the simulated shell knows it may run the file as its
/// own busybox. Changing it changes every catalog image's digests.
pub const TRAILER: &[u8] = b"\0layerlab-minibox: the busybox multi-call binary of layerlab\n";

/// Whether a file's bytes are a minibox binary (an ELF file carrying [`TRAILER`]).
pub fn is_minibox(content: &[u8]) -> bool {
    content.starts_with(b"\x7fELF") && content.ends_with(TRAILER)
}

/// The minibox binaries known to a build, at most one per architecture. Cheap to clone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Minibox {
    amd64: Option<Arc<[u8]>>,
    arm64: Option<Arc<[u8]>>,
}

impl Minibox {
    /// No binaries: catalog images keep their text placeholders (their programs run only in the simulation).
    pub fn none() -> Minibox {
        Minibox::default()
    }

    /// Adds a binary, read from its ELF header: 64-bit little-endian, executable, for x86-64 or AArch64. The
    /// trailer is appended unless the file already ends with it. Returns the architecture it is for.
    pub fn add(&mut self, elf: &[u8]) -> Result<Arch, String> {
        let arch = elf_arch(elf)?;
        let mut bytes = elf.to_vec();
        if !bytes.ends_with(TRAILER) {
            bytes.extend_from_slice(TRAILER);
        }
        let slot = match arch {
            Arch::Amd64 => &mut self.amd64,
            Arch::Arm64 => &mut self.arm64,
        };
        *slot = Some(bytes.into());
        Ok(arch)
    }

    /// The binary (with its trailer) for `arch`, if one was added.
    pub fn for_arch(&self, arch: Arch) -> Option<&Arc<[u8]>> {
        match arch {
            Arch::Amd64 => self.amd64.as_ref(),
            Arch::Arm64 => self.arm64.as_ref(),
        }
    }
}

/// The architecture an ELF file is built for, or why it is not a minibox candidate.
fn elf_arch(elf: &[u8]) -> Result<Arch, String> {
    const EM_X86_64: u16 = 62;
    const EM_AARCH64: u16 = 183;
    if elf.len() < 64 || !elf.starts_with(b"\x7fELF") {
        return Err("not an ELF file (minibox is a static Linux executable)".to_string());
    }
    if elf[4] != 2 || elf[5] != 1 {
        return Err("not a 64-bit little-endian ELF file".to_string());
    }
    let e_type = u16::from_le_bytes([elf[16], elf[17]]);
    // ET_EXEC (static) or ET_DYN (static-pie).
    if e_type != 2 && e_type != 3 {
        return Err(format!("ELF type {e_type} is not an executable"));
    }
    match u16::from_le_bytes([elf[18], elf[19]]) {
        EM_X86_64 => Ok(Arch::Amd64),
        EM_AARCH64 => Ok(Arch::Arm64),
        other => Err(format!("ELF machine {other} is neither x86-64 nor AArch64")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_elf(machine: u16) -> Vec<u8> {
        let mut elf = vec![0u8; 128];
        elf[..4].copy_from_slice(b"\x7fELF");
        elf[4] = 2;
        elf[5] = 1;
        elf[16] = 3;
        elf[18..20].copy_from_slice(&machine.to_le_bytes());
        elf
    }

    #[test]
    fn binaries_are_sorted_by_their_elf_machine_and_marked() {
        let mut minibox = Minibox::none();
        assert_eq!(minibox.add(&fake_elf(62)), Ok(Arch::Amd64));
        assert_eq!(minibox.add(&fake_elf(183)), Ok(Arch::Arm64));
        let amd64 = minibox.for_arch(Arch::Amd64).unwrap();
        assert!(is_minibox(amd64));
        assert_eq!(amd64.len(), 128 + TRAILER.len());
        // Adding an already marked file does not mark it twice.
        let again = amd64.to_vec();
        minibox.add(&again).unwrap();
        assert_eq!(minibox.for_arch(Arch::Amd64).unwrap().len(), 128 + TRAILER.len());
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        let mut minibox = Minibox::none();
        assert!(minibox.add(b"#!/bin/sh\necho hi\n").unwrap_err().contains("not an ELF"));
        assert!(minibox.add(&fake_elf(40)).unwrap_err().contains("machine 40"));
        let mut exec32 = fake_elf(62);
        exec32[4] = 1;
        assert!(minibox.add(&exec32).unwrap_err().contains("64-bit"));
        assert_eq!(minibox, Minibox::none());
        assert!(!is_minibox(&fake_elf(62)));
        assert!(!is_minibox(TRAILER));
    }
}
