//! The apk package table (Alpine 3.20 and 3.17): real names, plausible versions, real installed sizes in KiB, and
//! the files each package owns. Format: see `parse_table` in `packages.rs`; version columns are `3.20 3.17`.

pub(super) const TABLE: &str = r#"
P alpine-baselayout 8 Alpine base dir structure and init scripts
V 3.6.5-r0 3.4.0-r0
D alpine-baselayout-data busybox-binsh musl
F d/bin d/dev d/etc d/etc/apk d/etc/crontabs:0700 f/etc/crontabs/root:0600 d/etc/modprobe.d d/etc/modules-load.d
F d/etc/opt d/etc/periodic/15min d/etc/periodic/daily d/etc/periodic/hourly d/etc/periodic/monthly d/etc/periodic/weekly
F d/etc/profile.d f/etc/profile.d/README f/etc/profile.d/color_prompt.sh.disabled f/etc/profile.d/locale.sh d/etc/sysctl.d
F d/home d/lib d/lib/firmware d/lib/modules-load.d d/media/cdrom d/media/floppy d/media/usb d/mnt d/opt d/proc:0555
F d/root:0700 d/run d/sbin d/srv d/sys:0555 d/tmp:1777 d/usr/bin d/usr/lib d/usr/local/bin d/usr/local/lib
F d/usr/local/share d/usr/sbin d/usr/share/man d/usr/share/misc d/var/cache/misc d/var/empty:0555 d/var/lib/misc
F d/var/local d/var/lock/subsys d/var/log d/var/mail d/var/opt d/var/spool/mail l/var/spool/cron/crontabs=/etc/crontabs
F l/var/run=/run d/var/tmp:1777

P alpine-baselayout-data 20 Alpine base dir structure and init scripts (data files)
V 3.6.5-r0 3.4.0-r0
F f/etc/fstab g/etc/hosts=hosts f/etc/inittab f/etc/modules f/etc/mtab f/etc/nsswitch.conf
F f/etc/profile f/etc/protocols f/etc/services g/etc/shells=shells f/etc/sysctl.conf

P alpine-keys 150 Public keys for Alpine Linux packages
V 2.4-r1 2.4-r1
F c/etc/apk/keys f./alpine-devel@lists.alpinelinux.org-4a6a0840.rsa.pub f./alpine-devel@lists.alpinelinux.org-5261cecb.rsa.pub
F f./alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub c/usr/share/apk/keys f./README

P alpine-release 10 Alpine release data
V 3.20.3-r0 3.17.2-r0
F g/etc/alpine-release=alpine-release g/etc/os-release=os-release g/etc/issue=issue f/etc/secfixes.d/alpine

P apk-tools 250 Alpine Package Keeper - package manager for alpine
V 2.14.4-r1 2.12.10-r1
D musl ca-certificates-bundle libcrypto3 libssl3 zlib
F a/sbin/apk=apk d/etc/apk/protected_paths.d d/lib/apk/exec d/var/cache/apk d/var/cache/misc

P busybox 924 Size optimized toolbox of many common UNIX utilities
V 1.36.1-r29 1.35.0-r29
D musl
F a/bin/busybox=busybox f/etc/securetty f/etc/udhcpd.conf f/etc/logrotate.d/acpid d/etc/network/if-up.d
F L/bin=arch,ash,base64,bbconfig,cat,chattr,chgrp,chmod,chown,cp,date,dd,df,dmesg,dnsdomainname,dumpkmap,echo,ed,egrep,false,fatattr,fdflush,fgrep,fsync,getopt,grep,gunzip,gzip,hostname,ionice,iostat,ipcalc,kbd_mode,kill,link,linux32,linux64,ln,login,ls,lsattr,lzop,makemime,mkdir,mknod,mktemp,more,mount,mountpoint,mpstat,mv,netstat,nice,pidof,ping,ping6,pipe_progress,printenv,ps,pwd,reformime,rev,rm,rmdir,run-parts,sed,setpriv,setserial,sleep,stat,stty,su,sync,tar,touch,true,umount,uname,usleep,watch,zcat
F L/sbin=acpid,adjtimex,arp,blkid,blockdev,depmod,fbsplash,fdisk,findfs,fsck,fstrim,getty,halt,hwclock,ifconfig,ifdown,ifenslave,ifup,init,inotifyd,insmod,ip,ipaddr,iplink,ipneigh,iproute,iprule,iptunnel,klogd,loadkmap,logread,losetup,lsmod,mdev,mkdosfs,mkfs.vfat,mkswap,modinfo,modprobe,nameif,nologin,pivot_root,poweroff,raidautorun,reboot,rmmod,route,setconsole,slattach,swapoff,swapon,switch_root,sysctl,syslogd,tunctl,udhcpc,vconfig,watchdog
F L/usr/bin=[,[[,awk,basename,bc,beep,blkdiscard,bunzip2,bzcat,bzip2,cal,chvt,cksum,clear,cmp,comm,cpio,crontab,cryptpw,cut,dc,deallocvt,diff,dirname,dos2unix,du,eject,env,expand,expr,factor,fallocate,find,flock,fold,free,fuser,groups,hd,head,hexdump,hostid,id,install,ipcrm,ipcs,killall,last,less,logger,lsof,lsusb,lzcat,lzma,lzopcat,md5sum,mesg,microcom,mkfifo,mkpasswd,nc,nl,nmeter,nohup,nproc,nsenter,nslookup,od,openvt,paste,pgrep,pkill,pmap,printf,pscan,pstree,pwdx,readlink,realpath,renice,reset,resize,seq,setkeycodes,setsid,sha1sum,sha256sum,sha3sum,sha512sum,showkey,shred,shuf,sort,split,strings,sum,tac,tail,tee,test,time,timeout,top,tr,traceroute,traceroute6,tree,truncate,tty,ttysize,udhcpc6,unexpand,uniq,unix2dos,unlink,unlzma,unlzop,unshare,unxz,unzip,uptime,uudecode,uuencode,vi,vlock,volname,wc,wget,which,who,whoami,whois,xargs,xxd,xzcat,yes
F L/usr/sbin=addgroup,adduser,arping,brctl,chpasswd,chroot,crond,delgroup,deluser,fbset,killall5,loadfont,nanddump,nandwrite,nbd-client,ntpd,partprobe,rdate,readahead,remove-shell,sendmail,setfont,setlogcons

P busybox-binsh 1 busybox ash /bin/sh
V 1.36.1-r29 1.35.0-r29
D busybox
F l/bin/sh=/bin/busybox

P ca-certificates-bundle 230 Pre generated bundle of Mozilla certificates
V 20240705-r0 20220614-r4
F f/etc/ssl/certs/ca-certificates.crt f/etc/ssl/cert.pem

P libcrypto3 4600 Crypto library from openssl
V 3.3.2-r0 3.0.8-r0
D musl
F f/etc/ssl/ct_log_list.cnf f/etc/ssl/openssl.cnf d/etc/ssl/certs d/etc/ssl/private f/lib/libcrypto.so.3 f/usr/lib/engines-3/afalg.so
F l/usr/lib/libcrypto.so.3=../../lib/libcrypto.so.3

P libssl3 800 SSL shared libraries
V 3.3.2-r0 3.0.8-r0
D musl libcrypto3
F f/lib/libssl.so.3 l/usr/lib/libssl.so.3=../../lib/libssl.so.3

P musl 680 the musl c library (libc) implementation
V 1.2.5-r0 1.2.3-r4
F f/lib/ld-musl-{march}.so.1:0755 l/lib/libc.musl-{march}.so.1=ld-musl-{march}.so.1

P musl-utils 120 the musl c library (libc) implementation
V 1.2.5-r0 1.2.3-r4
D scanelf musl
F x/sbin/ldconfig x/usr/bin/getconf x/usr/bin/getent x/usr/bin/iconv l/usr/bin/ldd=/lib/ld-musl-{march}.so.1

P scanelf 90 Scan ELF binaries for stuff
V 1.3.7-r2 1.3.5-r1
D musl
F x/usr/bin/scanelf

P ssl_client 14 EXternal ssl_client for busybox wget
V 1.36.1-r29 1.35.0-r29
D musl libssl3 libcrypto3
F x/usr/bin/ssl_client

P zlib 100 A compression/decompression Library
V 1.3.1-r1 1.2.13-r0
D musl
F f/lib/libz.so.1.3.1 l/lib/libz.so.1=libz.so.1.3.1

P bash 1300 The GNU Bourne Again shell
V 5.2.26-r0 5.2.15-r0
D musl readline ncurses-libs
F l/bin/bash=/bin/busybox f/etc/bash/bashrc d/usr/lib/bash x/usr/bin/bashbug

P readline 300 GNU readline library
V 8.2.10-r0 8.2.0-r0
D musl ncurses-libs
F f/usr/lib/libreadline.so.8.2 l/usr/lib/libreadline.so.8=libreadline.so.8.2 f/etc/inputrc

P ncurses-libs 500 Ncurses libraries
V 6.4_p20240420-r1 6.3_p20221119-r1
D ncurses-terminfo-base musl
F f/usr/lib/libncursesw.so.6.4 l/usr/lib/libncursesw.so.6=libncursesw.so.6.4

P ncurses-terminfo-base 40 Descriptions of common terminals
V 6.4_p20240420-r1 6.3_p20221119-r1
F f/etc/terminfo/a/ansi f/etc/terminfo/l/linux f/etc/terminfo/v/vt100 f/etc/terminfo/x/xterm

P git 14000 Distributed version control system
V 2.45.2-r0 2.38.5-r0
D ca-certificates-bundle libcurl libexpat pcre2 zlib musl
F x/usr/bin/git x/usr/bin/git-shell l/usr/bin/git-receive-pack=git l/usr/bin/git-upload-archive=git l/usr/bin/git-upload-pack=git
F c/usr/libexec/git-core x./git-remote-http l./git-remote-https=git-remote-http x./git-sh-setup f./git-sh-i18n
F c/usr/share/git-core/templates f./description d./branches f./info/exclude f./hooks/pre-commit.sample f./hooks/commit-msg.sample

P libcurl 600 The multiprotocol file transfer library
V 8.10.1-r0 8.5.0-r0
D brotli-libs c-ares nghttp2-libs zlib libssl3 libcrypto3 musl
F f/usr/lib/libcurl.so.4.8.0 l/usr/lib/libcurl.so.4=libcurl.so.4.8.0

P curl 300 URL retrival utility and library
V 8.10.1-r0 8.5.0-r0
D ca-certificates-bundle libcurl zlib musl
F a/usr/bin/curl=curl

P brotli-libs 700 Generic lossless compressor (libraries)
V 1.1.0-r2 1.0.9-r9
D musl
F f/usr/lib/libbrotlicommon.so.1 f/usr/lib/libbrotlidec.so.1 f/usr/lib/libbrotlienc.so.1

P c-ares 180 An asynchronously DNS/names resolver library
V 1.33.1-r0 1.19.1-r0
D musl
F f/usr/lib/libcares.so.2

P nghttp2-libs 160 Experimental HTTP/2 client, server and proxy (libraries)
V 1.62.1-r0 1.51.0-r2
D musl
F f/usr/lib/libnghttp2.so.14

P libexpat 190 XML Parser library written in C
V 2.6.3-r0 2.6.2-r0
D musl
F f/usr/lib/libexpat.so.1

P pcre2 700 Perl-compatible regular expression library
V 10.43-r0 10.42-r0
D musl
F f/usr/lib/libpcre2-8.so.0 f/usr/lib/libpcre2-posix.so.3

P nodejs 45000 JavaScript runtime built on V8 engine - LTS version
V 20.15.1-r0 18.17.1-r0
D ca-certificates icu-libs libstdc++ libgcc c-ares brotli-libs zlib libssl3 libcrypto3 nghttp2-libs musl
F x/usr/bin/node d/usr/include/node f/usr/include/node/node.h f/usr/share/doc/nodejs/README.md

P icu-libs 2300 International Components for Unicode library
V 74.2-r0 72.1-r1
D libstdc++ libgcc musl
F f/usr/lib/libicuuc.so.74 f/usr/lib/libicui18n.so.74 f/usr/lib/libicudata.so.74

P libstdc++ 2500 GNU C++ standard runtime library
V 13.2.1_git20240309-r0 12.2.1_git20220924-r4
D libgcc musl
F f/usr/lib/libstdc++.so.6.0.33 l/usr/lib/libstdc++.so.6=libstdc++.so.6.0.33

P libgcc 150 GNU C compiler runtime libraries
V 13.2.1_git20240309-r0 12.2.1_git20220924-r4
D musl
F f/usr/lib/libgcc_s.so.1

P npm 8000 +all The package manager for JavaScript
V 10.8.0-r0 9.1.2-r0
D nodejs
F c/usr/lib/node_modules/npm f./package.json f./index.js a./bin/npm-cli.js=npm f./bin/npx-cli.js f./lib/npm.js
F l/usr/bin/npm=../lib/node_modules/npm/bin/npm-cli.js x/usr/bin/npx

P python3 41000 A high-level scripting language
V 3.12.7-r0 3.10.15-r0
D libbz2 libexpat libffi readline sqlite-libs zlib libssl3 xz-libs mpdecimal ncurses-libs musl
F x/usr/bin/python{py} l/usr/bin/python3=python{py} x/usr/bin/pydoc{py} l/usr/bin/pydoc3=pydoc{py}
F f/usr/lib/libpython{py}.so.1.0 c/usr/lib/python{py} f./os.py f./site.py f./json/__init__.py d./site-packages f./site-packages/README.txt
F [alpine3.20]f/usr/lib/python{py}/EXTERNALLY-MANAGED

P py3-pip 11000 +all Tool for installing and managing Python packages
V 24.0-r2 22.3.1-r1
D python3
F a/usr/bin/pip=pip a/usr/bin/pip3=pip3 a/usr/bin/pip{py}=pip3 c/usr/lib/python{py}/site-packages f./pip/__init__.py
F f./pip/_internal/__init__.py f./pip-{ver}.dist-info/METADATA

P libbz2 70 Shared library for bz2
V 1.0.8-r6 1.0.8-r4
D musl
F f/usr/lib/libbz2.so.1

P libffi 50 Portable foreign function interface library
V 3.4.6-r0 3.4.4-r0
D musl
F f/usr/lib/libffi.so.8

P sqlite-libs 1200 Sqlite3 library
V 3.45.3-r1 3.40.1-r1
D musl
F f/usr/lib/libsqlite3.so.0

P xz-libs 200 Library and CLI tools for XZ and LZMA compressed files (libraries)
V 5.6.2-r0 5.2.9-r0
D musl
F f/usr/lib/liblzma.so.5

P mpdecimal 220 complete implementation of the General Decimal Arithmetic Specification
V 4.0.0-r0 2.5.1-r1
D musl
F f/usr/lib/libmpdec.so.4

P nginx 1200 HTTP and reverse proxy server (stable version)
V 1.26.2-r0 1.22.1-r1
D pcre2 zlib libssl3 libcrypto3 musl
F x/usr/sbin/nginx c/etc/nginx g./nginx.conf=nginx.conf f./mime.types f./fastcgi_params d./http.d g./http.d/default.conf=alpine-http-default
F d/var/lib/nginx d/var/log/nginx d/run/nginx l/var/lib/nginx/logs=/var/log/nginx l/var/lib/nginx/run=/run/nginx
F d/usr/share/nginx/html g/usr/share/nginx/html/index.html=nginx-index

P openssl 800 Toolkit for Transport Layer Security (TLS)
V 3.3.2-r0 3.0.15-r0
D libssl3 libcrypto3 musl
F x/usr/bin/openssl x/usr/bin/c_rehash

P ca-certificates 700 Common CA certificates PEM files from Mozilla
V 20240705-r0 20240226-r0
D libcrypto3 musl
F x/usr/sbin/update-ca-certificates d/etc/ca-certificates/update.d d/usr/local/share/ca-certificates f/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt

P tzdata 1500 Timezone data
V 2024b-r0 2024a-r0
F c/usr/share/zoneinfo f./UTC f./Asia/Seoul f./Europe/Berlin f./America/New_York f./zone1970.tab f./tzdata.zi

P build-base 1 +all Meta package for build base
V 0.5-r3 0.5-r3
D binutils file gcc g++ make libc-dev fortify-headers patch

P binutils 7800 Tools necessary to build programs
V 2.42-r0 2.39-r2
D zlib musl
F x/usr/bin/ld x/usr/bin/as x/usr/bin/ar x/usr/bin/strip x/usr/bin/objdump x/usr/bin/readelf x/usr/bin/nm

P file 50 File type identification utility
V 5.45-r1 5.43-r0
D libmagic musl
F x/usr/bin/file

P libmagic 9000 File type identification library
V 5.45-r1 5.43-r0
D musl
F f/usr/lib/libmagic.so.1 f/usr/share/misc/magic.mgc

P gcc 62000 The GNU Compiler Collection
V 13.2.1_git20240309-r0 12.2.1_git20220924-r4
D binutils libgcc libstdc++ gmp mpc1 mpfr4 isl26|isl25 musl
F x/usr/bin/gcc l/usr/bin/cc=gcc x/usr/bin/cpp x/usr/libexec/gcc/{march}-alpine-linux-musl/cc1

P g++ 40000 GNU C++ standard library and compiler
V 13.2.1_git20240309-r0 12.2.1_git20220924-r4
D gcc libstdc++-dev musl-dev
F x/usr/bin/g++ l/usr/bin/c++=g++ x/usr/libexec/gcc/{march}-alpine-linux-musl/cc1plus

P libstdc++-dev 20000 GNU C++ standard runtime library (development files)
V 13.2.1_git20240309-r0 12.2.1_git20220924-r4
D libstdc++
F f/usr/include/c++/iostream f/usr/include/c++/vector

P musl-dev 3700 the musl c library (libc) implementation (development files)
V 1.2.5-r0 1.2.3-r4
D musl
F f/usr/include/stdio.h f/usr/include/stdlib.h f/usr/include/string.h f/usr/lib/libc.a f/usr/lib/crt1.o

P libc-dev 4 +all Meta package to pull in correct libc
V 0.7.2-r5 0.7.2-r3
D musl-dev

P fortify-headers 80 libc-agnostic implementation of FORTIFY_SOURCE
V 1.1-r3 1.1-r1
F f/usr/include/fortify/stdio.h f/usr/include/fortify/string.h

P make 270 GNU make utility to maintain groups of programs
V 4.4.1-r2 4.3-r1
D musl
F x/usr/bin/make

P patch 200 Utility to apply diffs to files
V 2.7.6-r10 2.7.6-r9
D musl
F x/usr/bin/patch

P gmp 440 free library for arbitrary precision arithmetic
V 6.3.0-r1 6.2.1-r2
D musl
F f/usr/lib/libgmp.so.10

P mpfr4 2600 multiple-precision floating-point library
V 4.2.1-r0 4.1.0-r0
D gmp musl
F f/usr/lib/libmpfr.so.6

P mpc1 110 Multiprecision C library
V 1.3.1-r1 1.2.1-r1
D gmp mpfr4 musl
F f/usr/lib/libmpc.so.3

P isl26 2700 An Integer Set Library for the Polyhedral Model
V 0.26-r1 -
D gmp musl
F f/usr/lib/libisl.so.23

P isl25 2600 An Integer Set Library for the Polyhedral Model
V - 0.25-r0
D gmp musl
F f/usr/lib/libisl.so.23

P vim 3500 Improved vi-style text editor
V 9.1.0707-r0 9.0.2127-r0
D vim-common xxd ncurses-libs musl
F x/usr/bin/vim l/usr/bin/view=vim l/usr/bin/vimdiff=vim l/usr/bin/ex=vim x/usr/bin/vimtutor

P vim-common 30000 +all Improved vi-style text editor (common files)
V 9.1.0707-r0 9.0.2127-r0
F f/etc/vim/vimrc c/usr/share/vim/vim91 f./defaults.vim f./syntax/syntax.vim f./colors/default.vim

P xxd 20 Hexdump utility from vim
V 9.1.0707-r0 9.0.2127-r0
D musl
F x/usr/bin/xxd

P jq 200 A lightweight and flexible command-line JSON processor
V 1.7.1-r0 1.6-r2
D oniguruma musl
F x/usr/bin/jq

P oniguruma 550 a regular expressions library
V 6.9.9-r0 6.9.8-r0
D musl
F f/usr/lib/libonig.so.5

P gnupg 100 +all GNU Privacy Guard 2 - meta package
V 2.4.5-r0 2.2.40-r0
D gpg gpg-agent

P gpg 1200 GNU Privacy Guard 2 - public key operations only
V 2.4.5-r0 2.2.40-r0
D musl
F x/usr/bin/gpg

P gpg-agent 700 GNU Privacy Guard 2 - cryptographic agent
V 2.4.5-r0 2.2.40-r0
D musl
F x/usr/bin/gpg-agent

P tar 500 Utility used to store, backup, and transport files
V 1.35-r2 1.34-r2
D musl
F a/usr/bin/tar=tar

P openssh-client-default 1200 OpenBSD's SSH client (default variant)
V 9.7_p1-r4 9.1_p1-r5
D musl libcrypto3 zlib
F x/usr/bin/ssh x/usr/bin/scp x/usr/bin/sftp x/usr/bin/ssh-keygen x/usr/bin/ssh-add

P openssh-client 1 +all OpenBSD's SSH client (meta package)
V 9.7_p1-r4 9.1_p1-r5
D openssh-client-default

P less 300 File pager
V 643-r2 608-r1
D ncurses-libs musl
F x/usr/bin/less

P unzip 350 Extract PKZIP-compressed files
V 6.0-r14 6.0-r13
D musl
F x/usr/bin/unzip x/usr/bin/zipinfo

P wget 1000 Network utility to retrieve files from the Web
V 1.24.5-r0 1.21.4-r0
D libssl3 libcrypto3 pcre2 zlib musl
F a/usr/bin/wget=wget
"#;
