//! The apt package table for Ubuntu 20.04/22.04/24.04 and Debian 11/12: real names (library names that change
//! between releases go through `{ssl}`, `{t64}`, `{py}` … placeholders), plausible versions, real installed sizes
//! in KiB, dependencies trimmed to this table, and the files each package owns (merged /usr: paths under /usr).
//! Version columns are `focal jammy noble bullseye bookworm`; format: see `parse_table` in `packages.rs`.

pub(super) const TABLE: &str = r#"
P base-files 400 Debian base system miscellaneous files
V 11ubuntu5.8 12ubuntu4.7 13ubuntu10.1 11.1+deb11u6 12.4+deb12u7
F g/usr/lib/os-release=os-release l/etc/os-release=../usr/lib/os-release g/etc/debian_version=debian_version
F g/etc/issue=issue f/etc/host.conf f/etc/profile f/etc/profile.d/01-locale-fix.sh f/etc/motd f/etc/legal
F d/home d/root:0700 d/tmp:1777 d/var/tmp:1777 d/srv d/opt d/mnt d/media d/boot d/proc:0555 d/sys:0555 d/dev d/run
F d/var/mail:2775:0:8 d/var/local:2775:0:50 d/var/opt d/var/spool d/var/backups d/var/log d/var/cache d/var/lib/misc
F d/usr/local/bin d/usr/local/sbin d/usr/local/lib d/usr/local/include d/usr/local/share d/usr/local/src d/usr/local/games
F d/usr/games d/usr/include d/usr/src d/usr/share/common-licenses f/usr/share/common-licenses/GPL-3 l/var/run=/run
F l/var/lock=/run/lock

P base-passwd 240 Debian base system master password and group files
V 3.5.47 3.5.52build1 3.6.3build1 3.5.51 3.6.1
D libc6
F x/usr/sbin/update-passwd f/usr/share/base-passwd/passwd.master f/usr/share/base-passwd/group.master

P bash 6400 GNU Bourne Again SHell
V 5.0-6ubuntu1.2 5.1-6ubuntu1.1 5.2.21-2ubuntu4 5.1-2+deb11u1 5.2.15-2+b7
D base-files debianutils libtinfo6
F L/usr/bin=bash l/usr/bin/rbash=bash x/usr/bin/bashbug x/usr/bin/clear_console f/etc/bash.bashrc
F g/etc/skel/.bashrc=skel.bashrc g/etc/skel/.profile=skel.profile g/etc/skel/.bash_logout=skel.bash_logout

P bsdutils 330 basic utilities from 4.4BSD-Lite
V 1:2.34-0.1ubuntu9.6 1:2.37.2-4ubuntu3.4 1:2.39.3-9ubuntu6.1 1:2.36.1-8+deb11u1 1:2.38.1-5+deb12u1
D libc6
F L/usr/bin=logger x/usr/bin/renice x/usr/bin/script x/usr/bin/scriptreplay x/usr/bin/wall:2755:0:5

P coreutils 7000 GNU core utilities
V 8.30-3ubuntu2 8.32-4.1ubuntu1.2 9.4-3ubuntu6 8.32-4+b1 9.1-1
D libacl1 libselinux1 libc6
F L/usr/bin=cat,chgrp,chmod,chown,cp,date,dd,df,echo,false,ln,ls,mkdir,mknod,mktemp,mv,pwd,readlink,rm,rmdir,sleep,stty,sync,touch,true,uname
F L/usr/bin=[,arch,base64,basename,cksum,comm,cut,dirname,du,env,expand,expr,factor,fold,groups,head,hostid,id,install,link,md5sum,nice,nl,nohup,nproc,od,paste,printenv,printf,realpath,seq,sha1sum,sha256sum,sha512sum,shred,shuf,sort,split,stat,sum,tac,tail,tee,test,timeout,tr,truncate,tty,unexpand,uniq,unlink,wc,whoami,yes
F x/usr/bin/dircolors x/usr/bin/pathchk x/usr/bin/pinky x/usr/bin/ptx x/usr/bin/runcon x/usr/bin/stdbuf x/usr/bin/tsort x/usr/bin/users x/usr/bin/who x/usr/sbin/chroot

P dash 200 POSIX-compliant shell
V 0.5.10.2-6 0.5.11+git20210903+057cd650a4ed-3build1 0.5.12-6ubuntu5 0.5.11+git20200708+dd9ef66-5 0.5.12-2
D libc6 debianutils
F L/usr/bin=dash,sh

P debconf 500 +all Debian configuration management system
V 1.5.73 1.5.79ubuntu1 1.5.86ubuntu1 1.5.77 1.5.82
D perl-base
F x/usr/bin/debconf x/usr/bin/debconf-set-selections x/usr/bin/debconf-show f/etc/debconf.conf d/var/cache/debconf
F f/var/cache/debconf/config.dat f/var/cache/debconf/templates.dat

P debianutils 220 Miscellaneous utilities specific to Debian
V 4.9.1 5.5-1ubuntu2 5.17build1 4.11.2 5.7-0.5~deb12u1
D libc6
F L/usr/bin=run-parts,which x/usr/bin/ischroot x/usr/bin/savelog x/usr/bin/tempfile x/usr/sbin/add-shell x/usr/sbin/remove-shell
F g/etc/shells=shells

P diffutils 1600 File comparison utilities
V 1:3.7-3 1:3.8-0ubuntu2 1:3.10-1build1 1:3.7-5 1:3.8-4
D libc6
F L/usr/bin=diff,cmp x/usr/bin/diff3 x/usr/bin/sdiff

P dpkg 6700 Debian package management system
V 1.19.7ubuntu3.2 1.21.1ubuntu2.3 1.22.6ubuntu6.1 1.20.13 1.21.22
D tar libbz2-1.0 liblzma5 libselinux1 libzstd1 zlib1g libc6
F a/usr/bin/dpkg=dpkg x/usr/bin/dpkg-deb x/usr/bin/dpkg-divert x/usr/bin/dpkg-maintscript-helper x/usr/bin/dpkg-query
F x/usr/bin/dpkg-split x/usr/bin/dpkg-statoverride x/usr/bin/dpkg-trigger x/usr/bin/update-alternatives
F f/etc/dpkg/dpkg.cfg d/etc/dpkg/dpkg.cfg.d d/etc/alternatives d/var/lib/dpkg/alternatives d/var/lib/dpkg/info
F d/var/lib/dpkg/updates d/var/lib/dpkg/triggers f/var/lib/dpkg/diversions f/var/lib/dpkg/statoverride

P findutils 1700 utilities for finding files--find, xargs
V 4.7.0-1ubuntu1 4.8.0-1ubuntu3 4.9.0-5build1 4.8.0-1 4.9.0-4
D libc6 libselinux1
F L/usr/bin=find,xargs

P grep 1100 GNU grep, egrep and fgrep
V 3.4-1 3.7-1build1 3.11-4build1 3.6-1+deb11u1 3.8-5
D libc6 libpcre2-8-0
F L/usr/bin=grep,egrep,fgrep x/usr/bin/rgrep

P gzip 250 GNU compression utilities
V 1.10-0ubuntu4.1 1.10-4ubuntu4.1 1.12-1ubuntu3 1.10-4+deb11u1 1.12-1
D libc6
F L/usr/bin=gzip,gunzip,zcat x/usr/bin/zgrep x/usr/bin/zless x/usr/bin/gzexe

P hostname 50 utility to set/show the host name or domain name
V 3.23 3.23ubuntu2 3.23+nmu2ubuntu2 3.23 3.23+nmu1
D libc6
F L/usr/bin=hostname l/usr/bin/dnsdomainname=hostname l/usr/bin/domainname=hostname

P libacl1 70 access control list - shared library
V 2.2.53-6 2.3.1-1 2.3.2-1build1 2.2.53-10 2.3.1-3
D libc6
F f/usr/lib/{triplet}/libacl.so.1.1.2301 l/usr/lib/{triplet}/libacl.so.1=libacl.so.1.1.2301

P libapt-pkg6.0{t64} 3200 package management runtime library
V 2.0.10 2.4.13 2.7.14build2 2.2.4 2.6.1
D libc6 libstdc++6 libgcc-s1 libbz2-1.0 liblzma5 liblz4-1 libzstd1 zlib1g libsystemd0
F f/usr/lib/{triplet}/libapt-pkg.so.6.0.0 l/usr/lib/{triplet}/libapt-pkg.so.6.0=libapt-pkg.so.6.0.0

P libbz2-1.0 100 high-quality block-sorting file compressor library - runtime
V 1.0.8-2 1.0.8-5build1 1.0.8-5.1 1.0.8-4 1.0.8-5+b1
D libc6
F f/usr/lib/{triplet}/libbz2.so.1.0.4 l/usr/lib/{triplet}/libbz2.so.1.0=libbz2.so.1.0.4

P libc-bin 3000 GNU C Library: Binaries
V 2.31-0ubuntu9.16 2.35-0ubuntu3.8 2.39-0ubuntu8.3 2.31-13+deb11u11 2.36-9+deb12u8
D libc6
F x/usr/bin/getconf x/usr/bin/getent x/usr/bin/iconv x/usr/bin/ldd x/usr/bin/locale x/usr/bin/localedef x/usr/sbin/ldconfig
F x/usr/bin/tzselect x/usr/bin/zdump f/etc/ld.so.conf d/etc/ld.so.conf.d f/etc/ld.so.conf.d/libc.conf f/etc/ld.so.cache
F f/etc/bindresvport.blacklist f/etc/gai.conf

P libc6 13000 GNU C Library: Shared libraries
V 2.31-0ubuntu9.16 2.35-0ubuntu3.8 2.39-0ubuntu8.3 2.31-13+deb11u11 2.36-9+deb12u8
D libgcc-s1 libcrypt1
F f{ldso}:0755 c/usr/lib/{triplet} f./libc.so.6 f./libm.so.6 f./libpthread.so.0 f./libdl.so.2 f./librt.so.1
F f./libresolv.so.2 f./libnss_files.so.2 f./libnss_dns.so.2 f./libutil.so.1 d./gconv f./gconv/gconv-modules

P libcrypt1 230 libcrypt shared library
V 1:4.4.10-10ubuntu4 1:4.4.27-2 1:4.4.36-4build1 1:4.4.18-4 1:4.4.33-2
D libc6
F f/usr/lib/{triplet}/libcrypt.so.1.1.0 l/usr/lib/{triplet}/libcrypt.so.1=libcrypt.so.1.1.0

P libgcc-s1 140 GCC support library
V 10.5.0-1ubuntu1~20.04 12.3.0-1ubuntu1~22.04 14-20240412-0ubuntu1 10.2.1-6 12.2.0-14
D libc6
F f/usr/lib/{triplet}/libgcc_s.so.1

P liblz4-1 170 Fast LZ compression algorithm library - runtime
V 1.9.2-2ubuntu0.20.04.1 1.9.3-2build2 1.9.4-1build1.1 1.9.3-2 1.9.4-1
D libc6
F f/usr/lib/{triplet}/liblz4.so.1.9.4 l/usr/lib/{triplet}/liblz4.so.1=liblz4.so.1.9.4

P liblzma5 300 XZ-format compression library
V 5.2.4-1ubuntu1.1 5.2.5-2ubuntu1 5.6.1+really5.4.5-1build0.1 5.2.5-2.1~deb11u1 5.4.1-0.2
D libc6
F f/usr/lib/{triplet}/liblzma.so.5.4.1 l/usr/lib/{triplet}/liblzma.so.5=liblzma.so.5.4.1

P libpcre2-8-0 650 New Perl Compatible Regular Expression Library- 8 bit runtime files
V 10.34-7ubuntu0.1 10.39-3ubuntu0.1 10.42-4ubuntu2 10.36-2+deb11u1 10.42-1
D libc6
F f/usr/lib/{triplet}/libpcre2-8.so.0.11.2 l/usr/lib/{triplet}/libpcre2-8.so.0=libpcre2-8.so.0.11.2

P libselinux1 200 SELinux runtime shared libraries
V 3.0-1build2 3.3-1build2 3.5-2ubuntu2 3.1-3 3.4-1+b6
D libc6 libpcre2-8-0
F f/usr/lib/{triplet}/libselinux.so.1

P libstdc++6 2600 GNU Standard C++ Library v3
V 10.5.0-1ubuntu1~20.04 12.3.0-1ubuntu1~22.04 14-20240412-0ubuntu1 10.2.1-6 12.2.0-14
D libc6 libgcc-s1
F f/usr/lib/{triplet}/libstdc++.so.6.0.30 l/usr/lib/{triplet}/libstdc++.so.6=libstdc++.so.6.0.30

P libsystemd0 900 systemd utility library
V 245.4-4ubuntu3.24 249.11-0ubuntu3.12 255.4-1ubuntu8.4 247.3-7+deb11u6 252.30-1~deb12u2
D libc6 liblz4-1 liblzma5 libzstd1
F f/usr/lib/{triplet}/libsystemd.so.0.35.0 l/usr/lib/{triplet}/libsystemd.so.0=libsystemd.so.0.35.0

P libtinfo6 550 shared low-level terminfo library for terminal handling
V 6.2-0ubuntu2.1 6.3-2ubuntu0.1 6.4+20240113-1ubuntu2 6.2+20201114-2+deb11u2 6.4-4
D libc6
F f/usr/lib/{triplet}/libtinfo.so.6.4 l/usr/lib/{triplet}/libtinfo.so.6=libtinfo.so.6.4

P libzstd1 850 fast lossless compression algorithm
V 1.4.4+dfsg-3ubuntu0.1 1.4.8+dfsg-3build1 1.5.5+dfsg2-2build1 1.4.8+dfsg-2.1 1.5.4+dfsg2-5
D libc6
F f/usr/lib/{triplet}/libzstd.so.1.5.4 l/usr/lib/{triplet}/libzstd.so.1=libzstd.so.1.5.4

P login 2700 system login tools
V 1:4.8.1-1ubuntu5.20.04.5 1:4.8.1-2ubuntu2.2 1:4.13+dfsg1-4ubuntu3 1:4.8.1-1 1:4.13+dfsg1-1+b1
D libc6 libcrypt1
F x/usr/bin/login x/usr/bin/su:4755 x/usr/bin/newgrp:4755 x/usr/sbin/nologin x/usr/bin/faillog x/usr/bin/lastlog
F f/etc/login.defs f/etc/securetty

P mawk 230 Pattern scanning and text processing language
V 1.3.4.20200120-2 1.3.4.20200120-3 1.3.4.20240123-1build1 1.3.4.20200120-2 1.3.4.20200120-3.1
D libc6
F L/usr/bin=awk,mawk

P mount 400 tools for mounting and manipulating filesystems
V 2.34-0.1ubuntu9.6 2.37.2-4ubuntu3.4 2.39.3-9ubuntu6.1 2.36.1-8+deb11u1 2.38.1-5+deb12u1
D util-linux
F x/usr/bin/mount:4755 x/usr/bin/umount:4755 x/usr/sbin/losetup x/usr/sbin/swapon x/usr/sbin/swapoff

P ncurses-base 390 +all basic terminal type definitions
V 6.2-0ubuntu2.1 6.3-2ubuntu0.1 6.4+20240113-1ubuntu2 6.2+20201114-2+deb11u2 6.4-4
F c/usr/share/terminfo f./l/linux f./v/vt100 f./x/xterm f./x/xterm-256color f./d/dumb c/etc/terminfo f./README

P ncurses-bin 650 terminal-related programs and man pages
V 6.2-0ubuntu2.1 6.3-2ubuntu0.1 6.4+20240113-1ubuntu2 6.2+20201114-2+deb11u2 6.4-4
D libc6 libtinfo6
F L/usr/bin=clear,reset x/usr/bin/tput x/usr/bin/tset x/usr/bin/infocmp x/usr/bin/tic x/usr/bin/toe

P passwd 2800 change and administer password and group data
V 1:4.8.1-1ubuntu5.20.04.5 1:4.8.1-2ubuntu2.2 1:4.13+dfsg1-4ubuntu3 1:4.8.1-1 1:4.13+dfsg1-1+b1
D libc6 libcrypt1 libselinux1
F x/usr/bin/passwd:4755 x/usr/bin/chage:2755:0:42 x/usr/bin/chfn:4755 x/usr/bin/chsh:4755 x/usr/bin/gpasswd:4755
F x/usr/bin/expiry:2755:0:42 a/usr/sbin/useradd=useradd a/usr/sbin/groupadd=groupadd x/usr/sbin/usermod x/usr/sbin/userdel
F x/usr/sbin/groupdel x/usr/sbin/groupmod x/usr/sbin/chpasswd x/usr/sbin/newusers x/usr/sbin/pwck x/usr/sbin/grpck
F f/etc/default/useradd d/etc/skel

P perl-base 7600 minimal Perl system
V 5.30.0-9ubuntu0.5 5.34.0-3ubuntu1.3 5.38.2-3.2build2 5.32.1-4+deb11u3 5.36.0-7+deb12u1
D libc6 libcrypt1
F x/usr/bin/perl l/usr/bin/perl{perlfull}=perl c/usr/lib/{triplet}/perl-base f./strict.pm f./warnings.pm f./Carp.pm f./Exporter.pm

P sed 880 GNU stream editor for filtering/transforming text
V 4.7-1 4.8-1ubuntu2 4.9-2build1 4.7-1 4.9-1
D libc6 libselinux1
F L/usr/bin=sed

P sysvinit-utils 100 System-V-like utilities
V 2.96-2.1ubuntu1 3.01-1ubuntu1 3.08-6ubuntu3 2.96-7+deb11u1 3.06-4
D libc6
F L/usr/bin=pidof x/usr/sbin/killall5 x/usr/sbin/fstab-decode x/usr/lib/lsb/init-functions

P tar 3100 GNU version of the tar archiving utility
V 1.30+dfsg-7ubuntu0.20.04.4 1.34+dfsg-1ubuntu0.1.22.04.2 1.35+dfsg-3build1 1.34+dfsg-1+deb11u1 1.34+dfsg-1.2+deb12u1
D libc6 libacl1 libselinux1
F L/usr/bin=tar x/usr/sbin/rmt-tar x/usr/sbin/tarcat

P util-linux 3900 miscellaneous system utilities
V 2.34-0.1ubuntu9.6 2.37.2-4ubuntu3.4 2.39.3-9ubuntu6.1 2.36.1-8+deb11u1 2.38.1-5+deb12u1
D libc6 libselinux1 libsystemd0
F L/usr/bin=more,mountpoint,setsid,flock,getopt,rev,dmesg,kill x/usr/bin/lsblk x/usr/bin/findmnt x/usr/bin/ionice
F x/usr/bin/nsenter x/usr/bin/unshare x/usr/bin/taskset x/usr/bin/lscpu x/usr/sbin/fsck x/usr/sbin/blkid x/usr/sbin/agetty
F x/usr/sbin/runuser x/usr/sbin/sulogin x/usr/sbin/mkswap x/usr/sbin/hwclock

P zlib1g 160 compression library - runtime
V 1:1.2.11.dfsg-2ubuntu1.5 1:1.2.11.dfsg-2ubuntu9.2 1:1.3.dfsg-3.1ubuntu2.1 1:1.2.11.dfsg-2+deb11u2 1:1.2.13.dfsg-1
D libc6
F f/usr/lib/{triplet}/libz.so.1.2.13 l/usr/lib/{triplet}/libz.so.1=libz.so.1.2.13

P apt 4100 commandline package manager
V 2.0.10 2.4.13 2.7.14build2 2.2.4 2.6.1
D libapt-pkg6.0{t64} gpgv ubuntu-keyring|debian-archive-keyring libc6 libstdc++6 libgcc-s1 base-passwd
F a/usr/bin/apt=apt a/usr/bin/apt-get=apt-get x/usr/bin/apt-cache x/usr/bin/apt-cdrom x/usr/bin/apt-config x/usr/bin/apt-key
F x/usr/bin/apt-mark x/usr/lib/apt/methods/http l/usr/lib/apt/methods/https=http x/usr/lib/apt/methods/gpgv
F f/etc/apt/apt.conf.d/01autoremove d/etc/apt/auth.conf.d d/etc/apt/keyrings d/etc/apt/preferences.d d/etc/apt/sources.list.d
F d/etc/apt/trusted.gpg.d d/var/cache/apt/archives d/var/lib/apt/lists d/var/lib/apt/mirrors d/var/lib/apt/periodic
F f/var/lib/apt/extended_states d/var/log/apt f/etc/cron.daily/apt-compat f/etc/logrotate.d/apt

P gpgv 900 GNU privacy guard - signature verification tool
V 2.2.19-3ubuntu2.2 2.2.27-3ubuntu2.1 2.4.4-2ubuntu17 2.2.27-2+deb11u2 2.2.40-1.1
D libc6 zlib1g libbz2-1.0
F x/usr/bin/gpgv

P ubuntu-keyring 40 +all GnuPG keys of the Ubuntu archive
V 2020.02.11.4 2021.03.26 2023.11.28.1 - -
F f/etc/apt/trusted.gpg.d/ubuntu-keyring-2012-cdimage.gpg f/etc/apt/trusted.gpg.d/ubuntu-keyring-2018-archive.gpg
F f/usr/share/keyrings/ubuntu-archive-keyring.gpg

P debian-archive-keyring 250 +all GnuPG archive keys of the Debian archive
V - - - 2021.1.1+deb11u1 2023.3+deb12u1
F f/etc/apt/trusted.gpg.d/debian-archive-bookworm-automatic.asc f/etc/apt/trusted.gpg.d/debian-archive-bookworm-stable.asc
F f/usr/share/keyrings/debian-archive-keyring.gpg

P adduser 600 +all add and remove users and groups
V 3.118ubuntu2 3.118ubuntu5 3.137ubuntu1 3.118+deb11u1 3.134
D passwd
F a/usr/sbin/adduser=adduser a/usr/sbin/addgroup=addgroup x/usr/sbin/deluser x/usr/sbin/delgroup f/etc/adduser.conf

P git 21000 fast, scalable, distributed revision control system
V 1:2.25.1-1ubuntu3.13 1:2.34.1-1ubuntu1.11 1:2.43.0-1ubuntu7.1 1:2.30.2-1+deb11u2 1:2.39.5-0+deb12u1
D libc6 libcurl3{t64}-gnutls libexpat1 libpcre2-8-0 zlib1g perl liberror-perl git-man
R ca-certificates less openssh-client patch
F x/usr/bin/git x/usr/bin/git-shell l/usr/bin/git-receive-pack=git l/usr/bin/git-upload-archive=git l/usr/bin/git-upload-pack=git
F c/usr/lib/git-core x./git-remote-http l./git-remote-https=git-remote-http x./git-sh-setup f./git-sh-i18n
F c/usr/share/git-core/templates f./description d./branches f./info/exclude f./hooks/pre-commit.sample f./hooks/commit-msg.sample
F f/etc/bash_completion.d/git-prompt

P git-man 2000 +all fast, scalable, distributed revision control system (manual pages)
V 1:2.25.1-1ubuntu3.13 1:2.34.1-1ubuntu1.11 1:2.43.0-1ubuntu7.1 1:2.30.2-1+deb11u2 1:2.39.5-0+deb12u1
F f/usr/share/man/man1/git.1.gz f/usr/share/man/man7/gitglossary.7.gz

P liberror-perl 40 +all Perl module for error/exception handling in an OO-ish way
V 0.17029-1 0.17029-1 0.17029-2 0.17029-1 0.17029-2
D perl
F f/usr/share/perl5/Error.pm f/usr/share/perl5/Error/Simple.pm

P perl 700 Larry Wall's Practical Extraction and Report Language
V 5.30.0-9ubuntu0.5 5.34.0-3ubuntu1.3 5.38.2-3.2build2 5.32.1-4+deb11u3 5.36.0-7+deb12u1
D perl-base perl-modules-{perl} libperl{perl}
F x/usr/bin/cpan x/usr/bin/perldoc x/usr/bin/perlbug x/usr/bin/prove x/usr/bin/instmodsh x/usr/bin/pod2text

P perl-modules-{perl} 17000 +all Core Perl modules
V 5.30.0-9ubuntu0.5 5.34.0-3ubuntu1.3 5.38.2-3.2build2 5.32.1-4+deb11u3 5.36.0-7+deb12u1
F c/usr/share/perl/{perlfull} f./CPAN.pm f./File/Temp.pm f./Getopt/Long.pm f./Pod/Usage.pm f./Text/Wrap.pm

P libperl{perl} 7000 shared Perl library
V 5.30.0-9ubuntu0.5 5.34.0-3ubuntu1.3 5.38.2-3.2build2 5.32.1-4+deb11u3 5.36.0-7+deb12u1
D libc6 libcrypt1 libbz2-1.0 zlib1g
F f/usr/lib/{triplet}/libperl.so.{perlfull} c/usr/lib/{triplet}/perl/{perlfull} f./Data/Dumper.pm f./Storable.pm f./POSIX.pm

P libcurl3{t64}-gnutls 1300 easy-to-use client-side URL transfer library (GnuTLS flavour)
V 7.68.0-1ubuntu2.24 7.81.0-1ubuntu1.18 8.5.0-2ubuntu10.4 7.74.0-1.3+deb11u13 7.88.1-10+deb12u7
D libc6 libgnutls30{t64} libnghttp2-14 libpsl5{t64} zlib1g libzstd1 libbrotli1
F f/usr/lib/{triplet}/libcurl-gnutls.so.4.8.0 l/usr/lib/{triplet}/libcurl-gnutls.so.4=libcurl-gnutls.so.4.8.0

P libcurl4{t64} 1200 easy-to-use client-side URL transfer library (OpenSSL flavour)
V 7.68.0-1ubuntu2.24 7.81.0-1ubuntu1.18 8.5.0-2ubuntu10.4 7.74.0-1.3+deb11u13 7.88.1-10+deb12u7
D libc6 {ssl} libnghttp2-14 libpsl5{t64} zlib1g libzstd1 libbrotli1
F f/usr/lib/{triplet}/libcurl.so.4.8.0 l/usr/lib/{triplet}/libcurl.so.4=libcurl.so.4.8.0

P curl 450 command line tool for transferring data with URL syntax
V 7.68.0-1ubuntu2.24 7.81.0-1ubuntu1.18 8.5.0-2ubuntu10.4 7.74.0-1.3+deb11u13 7.88.1-10+deb12u7
D libc6 libcurl4{t64} zlib1g
F a/usr/bin/curl=curl

P libgnutls30{t64} 2800 GNU TLS library - main runtime library
V 3.6.13-2ubuntu1.11 3.7.3-4ubuntu1.5 3.8.3-1.1ubuntu3.2 3.7.1-5+deb11u6 3.7.9-2+deb12u3
D libc6 zlib1g
F f/usr/lib/{triplet}/libgnutls.so.30.34.3 l/usr/lib/{triplet}/libgnutls.so.30=libgnutls.so.30.34.3

P libnghttp2-14 230 library implementing HTTP/2 protocol (shared library)
V 1.40.0-1ubuntu0.3 1.43.0-1ubuntu0.2 1.59.0-1ubuntu0.1 1.43.0-1+deb11u1 1.52.0-1+deb12u1
D libc6
F f/usr/lib/{triplet}/libnghttp2.so.14.24.1 l/usr/lib/{triplet}/libnghttp2.so.14=libnghttp2.so.14.24.1

P libpsl5{t64} 100 Library for Public Suffix List (shared libraries)
V 0.21.0-1ubuntu1 0.21.0-1.2build2 0.21.2-1.1build1 0.21.0-1.2 0.21.2-1
D libc6
F f/usr/lib/{triplet}/libpsl.so.5.3.4 l/usr/lib/{triplet}/libpsl.so.5=libpsl.so.5.3.4

P libbrotli1 800 library implementing brotli encoder and decoder (shared libraries)
V 1.0.7-6ubuntu0.1 1.0.9-2build6 1.1.0-2build2 1.0.9-2+b2 1.0.9-2+b6
D libc6
F f/usr/lib/{triplet}/libbrotlicommon.so.1 f/usr/lib/{triplet}/libbrotlidec.so.1 f/usr/lib/{triplet}/libbrotlienc.so.1

P libexpat1 400 XML parsing C library - runtime library
V 2.2.9-1ubuntu0.7 2.4.7-1ubuntu0.4 2.6.1-2build1 2.2.10-2+deb11u6 2.5.0-1+deb12u1
D libc6
F f/usr/lib/{triplet}/libexpat.so.1.8.10 l/usr/lib/{triplet}/libexpat.so.1=libexpat.so.1.8.10

P {ssl} 5000 Secure Sockets Layer toolkit - shared libraries
V 1.1.1f-1ubuntu2.23 3.0.2-0ubuntu1.18 3.0.13-0ubuntu3.4 1.1.1w-0+deb11u1 3.0.14-1~deb12u2
D libc6
F f/usr/lib/{triplet}/libssl.so.3 f/usr/lib/{triplet}/libcrypto.so.3 d/usr/lib/{triplet}/engines-3

P openssl 1400 Secure Sockets Layer toolkit - cryptographic utility
V 1.1.1f-1ubuntu2.23 3.0.2-0ubuntu1.18 3.0.13-0ubuntu3.4 1.1.1w-0+deb11u1 3.0.14-1~deb12u2
D libc6 {ssl}
F x/usr/bin/openssl x/usr/bin/c_rehash f/etc/ssl/openssl.cnf d/etc/ssl/certs d/etc/ssl/private:0700 d/usr/lib/ssl

P ca-certificates 400 +all Common CA certificates
V 20240203~20.04.1 20240203~22.04.1 20240203 20210119 20230311
D openssl debconf
F x/usr/sbin/update-ca-certificates f/etc/ca-certificates.conf d/etc/ca-certificates/update.d d/usr/local/share/ca-certificates
F f/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt f/etc/ssl/certs/ca-certificates.crt

P less 320 pager program similar to more
V 551-1ubuntu0.3 590-1ubuntu0.22.04.3 590-2ubuntu2.1 551-2 590-2.1~deb12u2
D libc6 libtinfo6
F x/usr/bin/less x/usr/bin/lessecho x/usr/bin/lesskey x/usr/bin/lesspipe

P patch 250 Apply a diff file to an original
V 2.7.6-6 2.7.6-7build2 2.7.6-7build3 2.7.6-7 2.7.6-7
D libc6
F x/usr/bin/patch

P openssh-client 4500 secure shell (SSH) client, for secure access to remote machines
V 1:8.2p1-4ubuntu0.11 1:8.9p1-3ubuntu0.10 1:9.6p1-3ubuntu13.5 1:8.4p1-5+deb11u3 1:9.2p1-2+deb12u3
D libc6 {ssl} zlib1g libselinux1 passwd
F x/usr/bin/ssh x/usr/bin/scp x/usr/bin/sftp x/usr/bin/ssh-add x/usr/bin/ssh-agent x/usr/bin/ssh-keygen
F x/usr/bin/ssh-keyscan f/etc/ssh/ssh_config d/etc/ssh/ssh_config.d

P wget 3300 retrieves files from the web
V 1.20.3-1ubuntu2.1 1.21.2-2ubuntu1.1 1.21.4-1ubuntu4.1 1.21-1+deb11u1 1.21.3-1+b2
D libc6 libpcre2-8-0 {ssl} libpsl5{t64} zlib1g
R ca-certificates
F a/usr/bin/wget=wget f/etc/wgetrc

P python3 100 interactive high-level object-oriented language (default python3 version)
V 3.8.2-0ubuntu2 3.10.6-1~22.04.1 3.12.3-0ubuntu2 3.9.2-3 3.11.2-1+b1
D python3-minimal python{py} libpython{py}-stdlib
F l/usr/bin/python3=python{py} l/usr/bin/pydoc3=pydoc{py} l/usr/bin/pygettext3=pygettext{py}

P python3-minimal 120 minimal subset of the Python language (default python3 version)
V 3.8.2-0ubuntu2 3.10.6-1~22.04.1 3.12.3-0ubuntu2 3.9.2-3 3.11.2-1+b1
D python{py}-minimal dpkg
F f/usr/share/python3/debian_defaults

P python{py} 600 Interactive high-level object-oriented language
V 3.8.10-0ubuntu1~20.04.12 3.10.12-1~22.04.6 3.12.3-1ubuntu0.2 3.9.2-1 3.11.2-6+deb12u3
D python{py}-minimal libpython{py}-stdlib media-types|mime-support
F x/usr/bin/pydoc{py} x/usr/bin/pygettext{py}

P python{py}-minimal 5500 Minimal subset of the Python language
V 3.8.10-0ubuntu1~20.04.12 3.10.12-1~22.04.6 3.12.3-1ubuntu0.2 3.9.2-1 3.11.2-6+deb12u3
D libpython{py}-minimal libexpat1 zlib1g
F x/usr/bin/python{py}

P libpython{py}-minimal 5000 Minimal subset of the Python language (library)
V 3.8.10-0ubuntu1~20.04.12 3.10.12-1~22.04.6 3.12.3-1ubuntu0.2 3.9.2-1 3.11.2-6+deb12u3
D libc6 {ssl}
F c/usr/lib/python{py} f./os.py f./site.py f./codecs.py f./encodings/__init__.py d/usr/local/lib/python{py}/dist-packages

P libpython{py}-stdlib 8000 Interactive high-level object-oriented language (standard library)
V 3.8.10-0ubuntu1~20.04.12 3.10.12-1~22.04.6 3.12.3-1ubuntu0.2 3.9.2-1 3.11.2-6+deb12u3
D libpython{py}-minimal {ffi} libsqlite3-0 libbz2-1.0 liblzma5 libncursesw6 libreadline8{t64}
F c/usr/lib/python{py} f./json/__init__.py f./http/client.py f./sqlite3/__init__.py f./urllib/request.py
F [noble,bookworm]f/usr/lib/python{py}/EXTERNALLY-MANAGED

P media-types 100 +all List of standard media types and their usual file extension
V - 7.0.0 10.1.0 4.0.0 10.0.0
F f/etc/mime.types

P mime-support 100 +all MIME files 'mime.types' & 'mailcap', and support programs
V 3.64ubuntu1 3.66 - 3.66 -
F f/etc/mime.types f/etc/mailcap

P {ffi} 60 Foreign Function Interface library runtime
V 3.3-4 3.4.2-4 3.4.6-1build1 3.3-6 3.4.4-1
D libc6
F f/usr/lib/{triplet}/libffi.so.8.1.2

P libsqlite3-0 1500 SQLite 3 shared library
V 3.31.1-4ubuntu0.6 3.37.2-2ubuntu0.3 3.45.1-1ubuntu2 3.34.1-3 3.40.1-2+deb12u1
D libc6
F f/usr/lib/{triplet}/libsqlite3.so.0.8.6 l/usr/lib/{triplet}/libsqlite3.so.0=libsqlite3.so.0.8.6

P libncursesw6 450 shared libraries for terminal handling (wide character support)
V 6.2-0ubuntu2.1 6.3-2ubuntu0.1 6.4+20240113-1ubuntu2 6.2+20201114-2+deb11u2 6.4-4
D libc6 libtinfo6
F f/usr/lib/{triplet}/libncursesw.so.6.4 l/usr/lib/{triplet}/libncursesw.so.6=libncursesw.so.6.4

P libreadline8{t64} 470 GNU readline and history libraries, run-time libraries
V 8.0-4 8.1.2-1 8.2-4build1 8.1-1 8.2-1.3
D libc6 libtinfo6
F f/usr/lib/{triplet}/libreadline.so.8.2 l/usr/lib/{triplet}/libreadline.so.8=libreadline.so.8.2 f/etc/inputrc

P python3-pip 7000 +all Python package installer
V 20.0.2-5ubuntu1.10 22.0.2+dfsg-1ubuntu0.4 24.0+dfsg-1ubuntu1 20.3.4-4+deb11u1 23.0.1+dfsg-1
D python3 python3-setuptools python3-wheel ca-certificates
R build-essential python3-dev
F a/usr/bin/pip=pip a/usr/bin/pip3=pip3 c/usr/lib/python3/dist-packages f./pip/__init__.py f./pip/_internal/__init__.py

P python3-setuptools 2500 +all Python3 Distutils Enhancements
V 45.2.0-1ubuntu0.2 59.6.0-1.2ubuntu0.22.04.2 68.1.2-2ubuntu1.1 52.0.0-4 66.1.1-1
D python3
F c/usr/lib/python3/dist-packages f./setuptools/__init__.py f./pkg_resources/__init__.py

P python3-wheel 150 +all built-package format for Python
V 0.34.2-1ubuntu0.1 0.37.1-2ubuntu0.22.04.1 0.42.0-2 0.34.2-1 0.38.4-2
D python3
F f/usr/lib/python3/dist-packages/wheel/__init__.py

P python3-dev 100 header files and a static library for Python (default)
V 3.8.2-0ubuntu2 3.10.6-1~22.04.1 3.12.3-0ubuntu2 3.9.2-3 3.11.2-1+b1
D python3 python{py}-dev
F l/usr/bin/python3-config=python{py}-config

P python{py}-dev 500 Header files and a static library for Python
V 3.8.10-0ubuntu1~20.04.12 3.10.12-1~22.04.6 3.12.3-1ubuntu0.2 3.9.2-1 3.11.2-6+deb12u3
D python{py} libpython{py}-dev libexpat1-dev zlib1g-dev
F x/usr/bin/python{py}-config

P libpython{py}-dev 25000 Header files and a static library for Python
V 3.8.10-0ubuntu1~20.04.12 3.10.12-1~22.04.6 3.12.3-1ubuntu0.2 3.9.2-1 3.11.2-6+deb12u3
D libpython{py}-stdlib libc6-dev
F f/usr/include/python{py}/Python.h f/usr/lib/{triplet}/libpython{py}.a

P libexpat1-dev 700 XML parsing C library - development kit
V 2.2.9-1ubuntu0.7 2.4.7-1ubuntu0.4 2.6.1-2build1 2.2.10-2+deb11u6 2.5.0-1+deb12u1
D libexpat1 libc6-dev
F f/usr/include/expat.h

P nodejs 1000 evented I/O for V8 javascript - runtime executable
V 10.19.0~dfsg-3ubuntu1.6 12.22.9~dfsg-1ubuntu3.6 18.19.1+dfsg-6ubuntu5 12.22.12~dfsg-1~deb11u4 18.19.0+dfsg-6~deb12u2
D libc6 libnode{node}
R ca-certificates
F x/usr/bin/node l/usr/bin/nodejs=node

P libnode{node} 50000 evented I/O for V8 javascript - runtime library
V 10.19.0~dfsg-3ubuntu1.6 12.22.9~dfsg-1ubuntu3.6 18.19.1+dfsg-6ubuntu5 12.22.12~dfsg-1~deb11u4 18.19.0+dfsg-6~deb12u2
D libc6 libstdc++6 {ssl} zlib1g libbrotli1
F f/usr/lib/{triplet}/libnode.so.{node}

P npm 3000 +all package manager for Node.js
V 6.14.4+ds-1ubuntu2 8.5.1~ds-1 9.2.0~ds1-2 7.5.2+ds-2 9.2.0~ds1-1
D nodejs node-gyp
F c/usr/share/nodejs/npm f./package.json a./bin/npm-cli.js=npm f./bin/npx-cli.js f./lib/npm.js
F l/usr/bin/npm=../share/nodejs/npm/bin/npm-cli.js x/usr/bin/npx

P node-gyp 500 +all Native addon build tool for Node.js
V 6.1.0-3 8.4.1-1 9.4.0-1 7.1.2-4 9.3.0-2
D nodejs python3 make g++
F x/usr/bin/node-gyp f/usr/share/nodejs/node-gyp/package.json

P nginx 1300 small, powerful, scalable web/proxy server
V 1.18.0-0ubuntu1.7 1.18.0-6ubuntu14.5 1.24.0-2ubuntu7.1 1.18.0-6.1+deb11u3 1.22.1-9
D nginx-common libc6 libpcre2-8-0 {ssl} zlib1g libcrypt1
F x/usr/sbin/nginx d/usr/lib/nginx/modules d/var/lib/nginx

P nginx-common 1000 +all small, powerful, scalable web/proxy server - common files
V 1.18.0-0ubuntu1.7 1.18.0-6ubuntu14.5 1.24.0-2ubuntu7.1 1.18.0-6.1+deb11u3 1.22.1-9
F c/etc/nginx g./nginx.conf=debian-nginx.conf f./mime.types f./fastcgi_params f./proxy_params d./conf.d d./modules-enabled
F g./sites-available/default=debian-sites-default l./sites-enabled/default=/etc/nginx/sites-available/default
F d/var/log/nginx:0755:33:4 d/var/www/html g/var/www/html/index.nginx-debian.html=nginx-index f/etc/logrotate.d/nginx

P vim 3900 Vi IMproved - enhanced vi editor
V 2:8.1.2269-1ubuntu5.23 2:8.2.3995-1ubuntu2.20 2:9.1.0016-1ubuntu7.3 2:8.2.2434-3+deb11u1 2:9.0.1378-2
D vim-common vim-runtime libc6 libtinfo6 libacl1 libselinux1
F x/usr/bin/vim.basic l/usr/bin/vim=vim.basic l/usr/bin/vi=vim.basic l/usr/bin/view=vim.basic l/usr/bin/vimdiff=vim.basic

P vim-common 380 +all Vi IMproved - Common files
V 2:8.1.2269-1ubuntu5.23 2:8.2.3995-1ubuntu2.20 2:9.1.0016-1ubuntu7.3 2:8.2.2434-3+deb11u1 2:9.0.1378-2
F f/etc/vim/vimrc x/usr/bin/helpztags d/usr/share/vim/vimfiles

P vim-runtime 33000 +all Vi IMproved - Runtime files
V 2:8.1.2269-1ubuntu5.23 2:8.2.3995-1ubuntu2.20 2:9.1.0016-1ubuntu7.3 2:8.2.2434-3+deb11u1 2:9.0.1378-2
F c/usr/share/vim/runtime f./defaults.vim f./syntax/syntax.vim f./colors/default.vim f./doc/help.txt

P build-essential 20 Informational list of build-essential packages
V 12.8ubuntu1.1 12.9ubuntu3 12.10ubuntu1 12.9 12.9
D libc6-dev gcc g++ make dpkg-dev

P gcc 50 GNU C compiler
V 4:9.3.0-1ubuntu2 4:11.2.0-1ubuntu1 4:13.2.0-7ubuntu1 4:10.2.1-1 4:12.2.0-3
D cpp gcc-{gcc}
F l/usr/bin/gcc=gcc-{gcc} l/usr/bin/cc=/etc/alternatives/cc l/etc/alternatives/cc=/usr/bin/gcc x/usr/bin/c89-gcc x/usr/bin/c99-gcc

P gcc-{gcc} 55000 GNU C compiler
V 9.4.0-1ubuntu1~20.04.2 11.4.0-1ubuntu1~22.04 13.2.0-23ubuntu4 10.2.1-6 12.2.0-14
D cpp-{gcc} libgcc-{gcc}-dev binutils libc6
F x/usr/bin/gcc-{gcc} l/usr/bin/{march}-linux-gnu-gcc-{gcc}=gcc-{gcc} x/usr/lib/gcc/{triplet}/{gcc}/lto1 x/usr/lib/gcc/{triplet}/{gcc}/collect2

P cpp 30 GNU C preprocessor (cpp)
V 4:9.3.0-1ubuntu2 4:11.2.0-1ubuntu1 4:13.2.0-7ubuntu1 4:10.2.1-1 4:12.2.0-3
D cpp-{gcc}
F l/usr/bin/cpp=cpp-{gcc}

P cpp-{gcc} 28000 GNU C preprocessor
V 9.4.0-1ubuntu1~20.04.2 11.4.0-1ubuntu1~22.04 13.2.0-23ubuntu4 10.2.1-6 12.2.0-14
D libc6 libstdc++6 zlib1g libzstd1
F x/usr/bin/cpp-{gcc} x/usr/lib/gcc/{triplet}/{gcc}/cc1

P libgcc-{gcc}-dev 12000 GCC support library (development files)
V 9.4.0-1ubuntu1~20.04.2 11.4.0-1ubuntu1~22.04 13.2.0-23ubuntu4 10.2.1-6 12.2.0-14
D libgcc-s1
F f/usr/lib/gcc/{triplet}/{gcc}/libgcc.a f/usr/lib/gcc/{triplet}/{gcc}/crtbegin.o f/usr/lib/gcc/{triplet}/{gcc}/crtend.o

P binutils 28000 GNU assembler, linker and binary utilities
V 2.34-6ubuntu1.9 2.38-4ubuntu2.6 2.42-4ubuntu2.3 2.35.2-2 2.40-2
D libc6 zlib1g libzstd1
F x/usr/bin/ld x/usr/bin/as x/usr/bin/ar x/usr/bin/strip x/usr/bin/objdump x/usr/bin/readelf x/usr/bin/nm x/usr/bin/ranlib

P g++ 20 GNU C++ compiler
V 4:9.3.0-1ubuntu2 4:11.2.0-1ubuntu1 4:13.2.0-7ubuntu1 4:10.2.1-1 4:12.2.0-3
D cpp gcc g++-{gcc}
F l/usr/bin/g++=g++-{gcc} l/usr/bin/c++=/etc/alternatives/c++ l/etc/alternatives/c++=/usr/bin/g++

P g++-{gcc} 40000 GNU C++ compiler
V 9.4.0-1ubuntu1~20.04.2 11.4.0-1ubuntu1~22.04 13.2.0-23ubuntu4 10.2.1-6 12.2.0-14
D gcc-{gcc} libstdc++-{gcc}-dev
F x/usr/bin/g++-{gcc} x/usr/lib/gcc/{triplet}/{gcc}/cc1plus

P libstdc++-{gcc}-dev 20000 GNU Standard C++ Library v3 (development files)
V 9.4.0-1ubuntu1~20.04.2 11.4.0-1ubuntu1~22.04 13.2.0-23ubuntu4 10.2.1-6 12.2.0-14
D libgcc-{gcc}-dev libc6-dev libstdc++6
F f/usr/include/c++/{gcc}/iostream f/usr/include/c++/{gcc}/vector f/usr/lib/gcc/{triplet}/{gcc}/libstdc++.a

P libc6-dev 12000 GNU C Library: Development Libraries and Header Files
V 2.31-0ubuntu9.16 2.35-0ubuntu3.8 2.39-0ubuntu8.3 2.31-13+deb11u11 2.36-9+deb12u8
D libc6 libc-dev-bin linux-libc-dev libcrypt-dev
F f/usr/include/stdio.h f/usr/include/stdlib.h f/usr/include/string.h f/usr/lib/{triplet}/libc.a f/usr/lib/{triplet}/crt1.o

P libc-dev-bin 250 GNU C Library: Development binaries
V 2.31-0ubuntu9.16 2.35-0ubuntu3.8 2.39-0ubuntu8.3 2.31-13+deb11u11 2.36-9+deb12u8
D libc6
F x/usr/bin/gencat x/usr/bin/rpcgen x/usr/bin/sotruss x/usr/bin/sprof

P linux-libc-dev 6500 Linux support headers for userspace development
V 5.4.0-200.220 5.15.0-125.135 6.8.0-48.48 5.10.226-1 6.1.112-1
F f/usr/include/linux/types.h f/usr/include/linux/limits.h f/usr/include/{triplet}/asm/unistd.h

P libcrypt-dev 300 libcrypt development files
V 1:4.4.10-10ubuntu4 1:4.4.27-2 1:4.4.36-4build1 1:4.4.18-4 1:4.4.33-2
D libcrypt1
F f/usr/include/crypt.h f/usr/lib/{triplet}/libcrypt.a

P make 1600 utility for directing compilation
V 4.2.1-1.2 4.3-4.1build1 4.3-4.1build2 4.3-4.1 4.3-4.1
D libc6
F x/usr/bin/make x/usr/bin/make-first-existing-target

P dpkg-dev 3000 +all Debian package development tools
V 1.19.7ubuntu3.2 1.21.1ubuntu2.3 1.22.6ubuntu6.1 1.20.13 1.21.22
D perl patch make bzip2 xz-utils binutils tar
F x/usr/bin/dpkg-architecture x/usr/bin/dpkg-buildpackage x/usr/bin/dpkg-source x/usr/bin/dpkg-shlibdeps

P bzip2 120 high-quality block-sorting file compressor - utilities
V 1.0.8-2 1.0.8-5build1 1.0.8-5.1 1.0.8-4 1.0.8-5+b1
D libbz2-1.0 libc6
F x/usr/bin/bzip2 l/usr/bin/bunzip2=bzip2 l/usr/bin/bzcat=bzip2

P xz-utils 900 XZ-format compression utilities
V 5.2.4-1ubuntu1.1 5.2.5-2ubuntu1 5.6.1+really5.4.5-1build0.1 5.2.5-2.1~deb11u1 5.4.1-0.2
D liblzma5 libc6
F x/usr/bin/xz l/usr/bin/unxz=xz l/usr/bin/xzcat=xz

P jq 100 lightweight and flexible command-line JSON processor
V 1.6-1ubuntu0.20.04.1 1.6-2.1ubuntu3 1.7.1-3build1 1.6-2.1 1.6-2.1
D libjq1 libc6
F x/usr/bin/jq

P libjq1 400 lightweight and flexible command-line JSON processor - shared library
V 1.6-1ubuntu0.20.04.1 1.6-2.1ubuntu3 1.7.1-3build1 1.6-2.1 1.6-2.1
D libonig5 libc6
F f/usr/lib/{triplet}/libjq.so.1.0.4 l/usr/lib/{triplet}/libjq.so.1=libjq.so.1.0.4

P libonig5 600 regular expressions library
V 6.9.4-1 6.9.7.1-2build1 6.9.9-1build1 6.9.6-1.1 6.9.8-1
D libc6
F f/usr/lib/{triplet}/libonig.so.5.4.0 l/usr/lib/{triplet}/libonig.so.5=libonig.so.5.4.0

P tzdata 3900 +all time zone and daylight-saving time data
V 2024a-0ubuntu0.20.04.1 2024a-0ubuntu0.22.04.1 2024a-3ubuntu1.1 2024a-0+deb11u1 2024a-0+deb12u1
D debconf
F c/usr/share/zoneinfo f./UTC f./Etc/UTC f./Asia/Seoul f./Europe/Berlin f./America/New_York f./zone1970.tab f./tzdata.zi
F l/etc/localtime=/usr/share/zoneinfo/Etc/UTC g/etc/timezone=timezone

P locales 17000 +all GNU C Library: National Language (locale) data [support]
V 2.31-0ubuntu9.16 2.35-0ubuntu3.8 2.39-0ubuntu8.3 2.31-13+deb11u11 2.36-9+deb12u8
D libc-bin debconf
F x/usr/sbin/locale-gen x/usr/sbin/update-locale f/etc/locale.gen c/usr/share/i18n f./SUPPORTED f./locales/en_US
F f./locales/ko_KR f./charmaps/UTF-8.gz

P unzip 550 De-archiver for .zip files
V 6.0-25ubuntu1.2 6.0-26ubuntu3.2 6.0-28ubuntu4.1 6.0-26+deb11u1 6.0-28
D libc6
F x/usr/bin/unzip x/usr/bin/zipinfo x/usr/bin/funzip

P netbase 50 +all Basic TCP/IP networking system
V 6.1 6.3 6.4 6.3 6.4
F f/etc/protocols f/etc/services f/etc/rpc f/etc/ethertypes

P gnupg 900 +all GNU privacy guard - a free PGP replacement
V 2.2.19-3ubuntu2.2 2.2.27-3ubuntu2.1 2.4.4-2ubuntu17 2.2.27-2+deb11u2 2.2.40-1.1
D gpgv gpg
F d/usr/share/gnupg

P gpg 1700 GNU Privacy Guard -- minimalist public key operations
V 2.2.19-3ubuntu2.2 2.2.27-3ubuntu2.1 2.4.4-2ubuntu17 2.2.27-2+deb11u2 2.2.40-1.1
D libc6 zlib1g libbz2-1.0 libsqlite3-0 libreadline8{t64}
F x/usr/bin/gpg

P procps 1400 /proc file system utilities
V 2:3.3.16-1ubuntu2.4 2:3.3.17-6ubuntu2.1 2:4.0.4-4ubuntu3.2 2:3.3.17-5 2:4.0.2-3
D libc6 libncursesw6 libtinfo6 libsystemd0
F x/usr/bin/ps x/usr/bin/top x/usr/bin/free x/usr/bin/pgrep x/usr/bin/pkill x/usr/bin/uptime x/usr/bin/vmstat x/usr/bin/watch
F f/etc/sysctl.conf d/etc/sysctl.d

P mercurial 1500 easy-to-use, scalable distributed version control system
V 5.3.1-1ubuntu1 6.1.1-1ubuntu1 6.7.2-1ubuntu2 5.6.1-4 6.3.2-1
D python3 libc6
F x/usr/bin/hg f/etc/mercurial/hgrc

P subversion 5000 Advanced version control system
V 1.13.0-3ubuntu0.2 1.14.1-3ubuntu0.22.04.1 1.14.3-1build4 1.14.1-3+deb11u1 1.14.2-4+b2
D libc6
F x/usr/bin/svn x/usr/bin/svnadmin x/usr/bin/svnversion

P autoconf 2000 +all automatic configure script builder
V 2.69-11.1 2.71-2 2.71-3 2.69-14 2.71-3
D perl
F x/usr/bin/autoconf x/usr/bin/autoreconf x/usr/bin/autoheader

P automake 1800 +all Tool for generating GNU Standards-compliant Makefiles
V 1:1.16.1-4ubuntu6 1:1.16.5-1.3 1:1.16.5-1.3ubuntu1 1:1.16.3-2 1:1.16.5-1.3
D autoconf
F x/usr/bin/automake-1.16 l/usr/bin/automake=automake-1.16 x/usr/bin/aclocal-1.16 l/usr/bin/aclocal=aclocal-1.16

P file 85 Recognize the type of data in a file using "magic" numbers
V 1:5.38-4 1:5.41-3ubuntu0.1 1:5.45-3build1 1:5.39-3+deb11u1 1:5.44-3
D libc6
F x/usr/bin/file f/usr/lib/file/magic.mgc

P libssl-dev 12000 Secure Sockets Layer toolkit - development files
V 1.1.1f-1ubuntu2.23 3.0.2-0ubuntu1.18 3.0.13-0ubuntu3.4 1.1.1w-0+deb11u1 3.0.14-1~deb12u2
D {ssl}
F f/usr/include/openssl/ssl.h f/usr/include/openssl/evp.h f/usr/lib/{triplet}/libssl.a f/usr/lib/{triplet}/libcrypto.a

P zlib1g-dev 600 compression library - development
V 1:1.2.11.dfsg-2ubuntu1.5 1:1.2.11.dfsg-2ubuntu9.2 1:1.3.dfsg-3.1ubuntu2.1 1:1.2.11.dfsg-2+deb11u2 1:1.2.13.dfsg-1
D zlib1g libc6-dev
F f/usr/include/zlib.h f/usr/include/zconf.h f/usr/lib/{triplet}/libz.a

P gettext-base 800 GNU Internationalization utilities for the base system
V 0.19.8.1-10build1 0.21-4ubuntu4 0.21-14ubuntu2 0.21-4 0.21-12
D libc6
F x/usr/bin/envsubst x/usr/bin/gettext x/usr/bin/ngettext x/usr/bin/gettext.sh
"#;
