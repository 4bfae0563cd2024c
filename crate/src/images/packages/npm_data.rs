//! The npm registry table: real package names and versions, real unpacked sizes in KiB, and dependency graphs
//! trimmed to the packages listed here (one version per name). `{pkg}` is the package's directory in
//! `node_modules`; `B name=path` declares an executable (linked into `.bin`). Every package also gets
//! `package.json`, `README.md` and `LICENSE`. Platform packages (`@esbuild/linux-x64` …) follow the architecture.

pub(super) const TABLE: &str = r#"
P express 220 Fast, unopinionated, minimalist web framework
V 4.21.1
D accepts array-flatten body-parser content-disposition content-type cookie cookie-signature debug depd encodeurl
D escape-html etag finalhandler fresh http-errors merge-descriptors methods on-finished parseurl path-to-regexp
D proxy-addr qs range-parser safe-buffer send serve-static setprototypeof statuses type-is utils-merge vary
F c{pkg} f./index.js f./lib/express.js f./lib/application.js f./lib/request.js f./lib/response.js f./lib/utils.js
F f./lib/view.js f./lib/router/index.js f./lib/router/route.js f./lib/router/layer.js f./lib/middleware/init.js
F f./lib/middleware/query.js f./History.md

P accepts 16 Higher-level content negotiation
V 1.3.8
D mime-types negotiator
F f{pkg}/index.js

P array-flatten 5 Flatten an array of nested arrays into a single flat array
V 1.1.1
F f{pkg}/array-flatten.js

P body-parser 60 Node.js body parsing middleware
V 1.20.3
D bytes content-type debug depd destroy http-errors iconv-lite on-finished qs raw-body type-is unpipe
F c{pkg} f./index.js f./lib/read.js f./lib/types/json.js f./lib/types/raw.js f./lib/types/text.js f./lib/types/urlencoded.js

P content-disposition 19 Create and parse Content-Disposition header
V 0.5.4
D safe-buffer
F f{pkg}/index.js

P content-type 10 Create and parse HTTP Content-Type header
V 1.0.5
F f{pkg}/index.js

P cookie 22 HTTP server cookie parsing and serialization
V 0.7.1
F f{pkg}/index.js

P cookie-signature 5 Sign and unsign cookies
V 1.0.6
F f{pkg}/index.js

P debug 80 small debugging utility
V 2.6.9
D ms
F c{pkg} f./src/index.js f./src/node.js f./src/browser.js f./src/debug.js

P depd 26 Deprecate all the things
V 2.0.0
F f{pkg}/index.js

P destroy 7 destroy a stream if possible
V 1.2.0
F f{pkg}/index.js

P encodeurl 8 Encode a URL to a percent-encoded form, excluding already-encoded sequences
V 2.0.0
F f{pkg}/index.js

P escape-html 6 Escape string for use in HTML
V 1.0.3
F f{pkg}/index.js

P etag 9 Create simple HTTP ETags
V 1.8.1
F f{pkg}/index.js

P finalhandler 17 Node.js final http responder
V 1.3.1
D debug encodeurl escape-html on-finished parseurl statuses unpipe
F f{pkg}/index.js

P fresh 10 HTTP response freshness testing
V 0.5.2
F f{pkg}/index.js

P http-errors 19 Create HTTP error objects
V 2.0.0
D depd inherits setprototypeof statuses toidentifier
F f{pkg}/index.js

P iconv-lite 330 Convert character encodings in pure javascript.
V 0.4.24
D safer-buffer
F c{pkg} f./lib/index.js f./lib/streams.js f./encodings/index.js f./encodings/internal.js

P inherits 4 Browser-friendly inheritance fully compatible with standard node.js inherits()
V 2.0.4
F c{pkg} f./inherits.js f./inherits_browser.js

P merge-descriptors 5 Merge objects using descriptors
V 1.0.3
F f{pkg}/index.js

P methods 5 HTTP methods that node supports
V 1.1.2
F f{pkg}/index.js

P mime 110 A comprehensive library for mime-type mapping
V 1.6.0
B mime=cli.js
F c{pkg} f./mime.js f./types.json

P mime-db 200 Media Type Database
V 1.52.0
F c{pkg} f./index.js f./db.json

P mime-types 22 The ultimate javascript content-type utility.
V 2.1.35
D mime-db
F f{pkg}/index.js

P ms 6 Tiny millisecond conversion utility
V 2.1.3
F f{pkg}/index.js

P negotiator 28 HTTP content negotiation
V 0.6.3
F c{pkg} f./index.js f./lib/charset.js f./lib/encoding.js f./lib/language.js f./lib/mediaType.js

P on-finished 13 Execute a callback when a request closes, finishes, or errors
V 2.4.1
D ee-first
F f{pkg}/index.js

P ee-first 5 return the first event in a set of ee/event pairs
V 1.1.1
F f{pkg}/index.js

P parseurl 9 parse a url with memoization
V 1.3.3
F f{pkg}/index.js

P path-to-regexp 7 Express style path to RegExp utility
V 0.1.10
F f{pkg}/index.js

P proxy-addr 15 Determine address of proxied request
V 2.0.7
D forwarded ipaddr.js
F f{pkg}/index.js

P forwarded 7 Parse HTTP X-Forwarded-For header
V 0.2.0
F f{pkg}/index.js

P ipaddr.js 45 A library for manipulating IPv4 and IPv6 addresses in JavaScript.
V 1.9.1
F c{pkg} f./lib/ipaddr.js f./ipaddr.min.js

P qs 250 A querystring parser that supports nesting and arrays, with a depth limit
V 6.13.0
D side-channel
F c{pkg} f./lib/index.js f./lib/parse.js f./lib/stringify.js f./lib/utils.js f./lib/formats.js f./dist/qs.js

P side-channel 20 Store information about any JS value in a side channel. Uses WeakMap if available.
V 1.0.6
D es-errors object-inspect
F f{pkg}/index.js

P es-errors 12 A simple cache for a few of the JS Error constructors.
V 1.3.0
F f{pkg}/index.js

P object-inspect 90 string representations of objects in node and the browser
V 1.13.2
F f{pkg}/index.js

P range-parser 9 Range header field string parser
V 1.2.1
F f{pkg}/index.js

P raw-body 20 Get and validate the raw body of a readable stream.
V 2.5.2
D bytes http-errors iconv-lite unpipe
F f{pkg}/index.js

P bytes 11 Utility to parse a string bytes to bytes and vice-versa
V 3.1.2
F f{pkg}/index.js

P safe-buffer 32 Safer Node.js Buffer API
V 5.2.1
F f{pkg}/index.js

P safer-buffer 42 Modern Buffer API polyfill without footguns
V 2.1.2
F c{pkg} f./safer.js f./dangerous.js

P send 50 Better streaming static file server with Range and conditional-GET support
V 0.19.0
D debug depd destroy encodeurl escape-html etag fresh http-errors mime ms on-finished range-parser statuses
F f{pkg}/index.js

P serve-static 25 Serve static files
V 1.16.2
D encodeurl escape-html parseurl send
F f{pkg}/index.js

P setprototypeof 5 A small polyfill for Object.setprototypeof
V 1.2.0
F f{pkg}/index.js

P statuses 11 HTTP status utility
V 2.0.1
F c{pkg} f./index.js f./codes.json

P toidentifier 5 Convert a string of words to a JavaScript identifier
V 1.0.1
F f{pkg}/index.js

P type-is 15 Infer the content-type of a request.
V 1.6.18
D media-typer mime-types
F f{pkg}/index.js

P media-typer 8 Simple RFC 6838 media type parser and formatter
V 0.3.0
F f{pkg}/index.js

P unpipe 5 Unpipe a stream from all destinations
V 1.0.0
F f{pkg}/index.js

P utils-merge 4 merge() utility function
V 1.0.1
F f{pkg}/index.js

P vary 8 Manipulate the HTTP Vary header
V 1.1.2
F f{pkg}/index.js

P lodash 1400 Lodash modular utilities.
V 4.17.21
F c{pkg} f./lodash.js f./lodash.min.js f./core.js f./fp.js f./chunk.js f./debounce.js f./merge.js f./cloneDeep.js

P react 320 React is a JavaScript library for building user interfaces.
V 18.3.1
D loose-envify
F c{pkg} f./index.js f./jsx-runtime.js f./cjs/react.development.js f./cjs/react.production.min.js

P react-dom 4500 React package for working with the DOM.
V 18.3.1
D loose-envify scheduler
F c{pkg} f./index.js f./client.js f./server.js f./cjs/react-dom.development.js f./cjs/react-dom.production.min.js

P loose-envify 18 Fast (and loose) selective `process.env` replacer using js-tokens instead of an AST
V 1.4.0
D js-tokens
B loose-envify=cli.js
F f{pkg}/index.js

P js-tokens 15 A regex that tokenizes JavaScript.
V 4.0.0
F f{pkg}/index.js

P scheduler 110 Cooperative scheduler for the browser environment.
V 0.23.2
D loose-envify
F c{pkg} f./index.js f./cjs/scheduler.development.js f./cjs/scheduler.production.min.js

P typescript 22500 TypeScript is a language for application scale JavaScript development
V 5.6.3
B tsc=bin/tsc tsserver=bin/tsserver
F c{pkg} f./lib/typescript.js f./lib/tsc.js f./lib/tsserver.js f./lib/lib.d.ts f./lib/lib.es2022.d.ts f./lib/lib.dom.d.ts

P axios 2100 Promise based HTTP client for the browser and node.js
V 1.7.7
D follow-redirects form-data proxy-from-env
F c{pkg} f./index.js f./index.d.ts f./lib/axios.js f./dist/axios.js f./dist/node/axios.cjs

P follow-redirects 30 HTTP and HTTPS modules that follow redirects.
V 1.15.9
F c{pkg} f./index.js f./http.js f./https.js

P form-data 40 A library to create readable "multipart/form-data" streams.
V 4.0.1
D asynckit combined-stream mime-types
F f{pkg}/lib/form_data.js

P asynckit 28 Minimal async jobs utility library, with streams support
V 0.4.0
F f{pkg}/index.js

P combined-stream 10 A stream that emits multiple other streams one after another.
V 1.0.8
D delayed-stream
F f{pkg}/lib/combined_stream.js

P delayed-stream 10 Buffers events from a stream until you are ready to handle them.
V 1.0.0
F f{pkg}/lib/delayed_stream.js

P proxy-from-env 12 Offers getProxyForUrl to get the proxy URL for a URL, respecting the *_PROXY environment variables.
V 1.1.0
F f{pkg}/index.js

P dotenv 80 Loads environment variables from .env file
V 16.4.5
F c{pkg} f./lib/main.js f./lib/main.d.ts f./config.js

P cors 20 Node.js CORS middleware
V 2.8.5
D object-assign vary
F f{pkg}/lib/index.js

P object-assign 8 ES2015 `Object.assign()` ponyfill
V 4.1.1
F f{pkg}/index.js

P nodemon 220 Simple monitor script for use during development of a Node.js app.
V 3.1.7
D chokidar debug ignore-by-default minimatch pstree.remy semver simple-update-notifier supports-color touch undefsafe
B nodemon=bin/nodemon.js
F c{pkg} f./lib/nodemon.js f./lib/monitor/run.js f./lib/monitor/watch.js f./lib/config/load.js

P chokidar 90 Minimal and efficient cross-platform file watching library
V 3.6.0
D anymatch braces glob-parent is-binary-path is-glob normalize-path readdirp
F c{pkg} f./index.js f./lib/nodefs-handler.js f./lib/constants.js

P anymatch 11 Matches strings against configurable strings, globs, regular expressions, and/or functions
V 3.1.3
D normalize-path picomatch
F f{pkg}/index.js

P braces 30 Bash-like brace expansion, implemented in JavaScript.
V 3.0.3
D fill-range
F c{pkg} f./index.js f./lib/expand.js f./lib/parse.js

P fill-range 16 Fill in a range of numbers or letters, optionally passing an increment or step to use.
V 7.1.1
D to-regex-range
F f{pkg}/index.js

P to-regex-range 19 Pass two numbers, get a regex-compatible source string for matching ranges.
V 5.0.1
D is-number
F f{pkg}/index.js

P is-number 9 Returns true if a number or string value is a finite number.
V 7.0.0
F f{pkg}/index.js

P glob-parent 9 Extract the non-magic parent path from a glob string.
V 5.1.2
D is-glob
F f{pkg}/index.js

P is-glob 9 Returns `true` if the given string looks like a glob pattern or an extglob pattern.
V 4.0.3
D is-extglob
F f{pkg}/index.js

P is-extglob 6 Returns true if a string has an extglob.
V 2.1.1
F f{pkg}/index.js

P is-binary-path 5 Check if a file path is a binary file
V 2.1.0
D binary-extensions
F f{pkg}/index.js

P binary-extensions 8 List of binary file extensions
V 2.3.0
F c{pkg} f./index.js f./binary-extensions.json

P normalize-path 9 Normalize slashes in a file path to be posix/unix-like forward slashes.
V 3.0.0
F f{pkg}/index.js

P readdirp 22 Recursive version of fs.readdir with streaming API.
V 3.6.0
D picomatch
F f{pkg}/index.js

P picomatch 85 Blazing fast and accurate glob matcher written in JavaScript.
V 2.3.1
F c{pkg} f./index.js f./lib/picomatch.js f./lib/parse.js f./lib/scan.js

P ignore-by-default 5 A list of directories you should ignore by default
V 1.0.1
F f{pkg}/index.js

P minimatch 30 a glob matcher in javascript
V 3.1.2
D brace-expansion
F f{pkg}/minimatch.js

P brace-expansion 11 Brace expansion as known from sh/bash
V 1.1.11
D balanced-match concat-map
F f{pkg}/index.js

P balanced-match 7 Match balanced character pairs, like "{" and "}"
V 1.0.2
F f{pkg}/index.js

P concat-map 6 concatenative mapdashery
V 0.0.1
F f{pkg}/index.js

P pstree.remy 10 Collects the full tree of processes from /proc
V 1.1.8
F f{pkg}/lib/index.js

P semver 95 The semantic version parser used by npm.
V 7.6.3
B semver=bin/semver.js
F c{pkg} f./index.js f./functions/satisfies.js f./classes/semver.js f./classes/range.js

P simple-update-notifier 14 Simple update notifier to check for npm updates for cli applications
V 2.0.0
D semver
F f{pkg}/build/index.js

P supports-color 10 Detect whether a terminal supports color
V 7.2.0
D has-flag
F c{pkg} f./index.js f./browser.js

P has-flag 5 Check if argv has a specific flag
V 4.0.0
F f{pkg}/index.js

P touch 10 like touch(1) in node
V 3.1.1
B nodetouch=bin/nodetouch.js
F f{pkg}/index.js

P undefsafe 10 Undefined safe way of extracting object properties
V 2.0.5
F f{pkg}/lib/undefsafe.js

P jest 6 Delightful JavaScript Testing.
V 29.7.0
D @jest/core @jest/types import-local jest-cli
B jest=bin/jest.js
F f{pkg}/build/index.js

P @jest/core 330 Delightful JavaScript Testing (core).
V 29.7.0
D @jest/types chalk jest-snapshot
F c{pkg} f./build/index.js f./build/runJest.js f./build/TestScheduler.js

P @jest/types 40 Types shared by Jest packages.
V 29.6.3
D chalk
F f{pkg}/build/index.js

P jest-cli 40 Delightful JavaScript Testing (command line).
V 29.7.0
D @jest/core @jest/types chalk import-local
F c{pkg} f./build/index.js f./build/run.js

P jest-snapshot 110 Snapshot testing for Jest.
V 29.7.0
D @babel/core @babel/types chalk semver
F f{pkg}/build/index.js

P import-local 8 Let a globally installed package use a locally installed version of itself if available
V 3.2.0
F f{pkg}/index.js

P chalk 40 Terminal string styling done right
V 4.1.2
D ansi-styles supports-color
F c{pkg} f./source/index.js f./source/util.js

P ansi-styles 17 ANSI escape codes for styling strings in the terminal
V 4.3.0
D color-convert
F f{pkg}/index.js

P color-convert 25 Plain color conversion functions
V 2.0.1
D color-name
F c{pkg} f./index.js f./conversions.js f./route.js

P color-name 7 A list of color names and its values
V 1.1.4
F f{pkg}/index.js

P @babel/core 1500 Babel compiler core.
V 7.25.8
D @babel/generator @babel/parser @babel/types debug semver
F c{pkg} f./lib/index.js f./lib/transform.js f./lib/config/index.js

P @babel/parser 1900 A JavaScript parser
V 7.25.8
D @babel/types
B parser=bin/babel-parser.js
F f{pkg}/lib/index.js

P @babel/types 2600 Babel Types is a Lodash-esque utility library for AST nodes
V 7.25.8
F c{pkg} f./lib/index.js f./lib/index.d.ts

P @babel/generator 500 Turns an AST into code.
V 7.25.7
D @babel/types
F f{pkg}/lib/index.js

P webpack 5500 Packs ECMAScript/CommonJs/AMD modules for the browser.
V 5.95.0
D acorn browserslist enhanced-resolve es-module-lexer graceful-fs loader-runner schema-utils tapable
D terser-webpack-plugin watchpack webpack-sources
B webpack=bin/webpack.js
F c{pkg} f./lib/index.js f./lib/webpack.js f./lib/Compiler.js f./lib/Compilation.js f./types.d.ts

P acorn 550 ECMAScript parser
V 8.13.0
B acorn=bin/acorn
F c{pkg} f./dist/acorn.js f./dist/acorn.mjs f./dist/acorn.d.ts

P browserslist 40 Share target browsers between different front-end tools, like Autoprefixer, Stylelint and babel-env-preset
V 4.24.0
D caniuse-lite electron-to-chromium node-releases
B browserslist=cli.js
F c{pkg} f./index.js f./node.js

P caniuse-lite 2200 A smaller version of caniuse-db, with only the essentials!
V 1.0.30001669
F c{pkg} f./dist/unpacker/agents.js f./data/agents.js f./data/browsers.js

P electron-to-chromium 150 Provides a list of electron-to-chromium version mappings
V 1.5.41
F c{pkg} f./index.js f./versions.js

P node-releases 12 Node.js releases data
V 2.0.18
F f{pkg}/data/processed/envs.json

P enhanced-resolve 150 Offers a async require.resolve function. It's highly configurable.
V 5.17.1
D graceful-fs tapable
F c{pkg} f./lib/index.js f./lib/Resolver.js

P graceful-fs 32 A drop-in replacement for fs, making various improvements.
V 4.2.11
F c{pkg} f./graceful-fs.js f./polyfills.js

P tapable 60 Just a little module for plugins.
V 2.2.1
F f{pkg}/lib/index.js

P es-module-lexer 130 Lexes ES modules returning their import/export metadata
V 1.5.4
F c{pkg} f./dist/lexer.js f./dist/lexer.cjs

P loader-runner 20 Runs (webpack) loaders
V 4.3.0
F f{pkg}/lib/LoaderRunner.js

P schema-utils 40 webpack Validation Utils
V 3.3.0
F f{pkg}/dist/index.js

P terser-webpack-plugin 60 Terser plugin for webpack
V 5.3.10
D terser schema-utils
F f{pkg}/dist/index.js

P terser 2100 JavaScript parser, mangler/compressor and beautifier toolkit for ES6+
V 5.36.0
D acorn commander
B terser=bin/terser
F c{pkg} f./dist/bundle.min.js f./main.js

P commander 60 the complete solution for node.js command-line programs
V 2.20.3
F f{pkg}/index.js

P watchpack 30 Wrapper library for directory and file watching.
V 2.4.2
D glob-to-regexp graceful-fs
F f{pkg}/lib/watchpack.js

P glob-to-regexp 9 Convert globs to regular expressions
V 0.4.1
F f{pkg}/index.js

P webpack-sources 60 Source code handling classes for webpack
V 3.2.3
F f{pkg}/lib/index.js

P vite 3200 Native-ESM powered web dev build tool
V 5.4.10
D esbuild postcss rollup
B vite=bin/vite.js
F c{pkg} f./index.cjs f./dist/node/index.js f./dist/node/cli.js f./client.d.ts

P esbuild 130 An extremely fast JavaScript and CSS bundler and minifier.
V 0.21.5
D @esbuild/linux-{nodearch}
B esbuild=bin/esbuild
F c{pkg} f./lib/main.js f./install.js

P @esbuild/linux-x64 9500 The Linux 64-bit binary for esbuild, a JavaScript bundler.
V 0.21.5
F x{pkg}/bin/esbuild

P @esbuild/linux-arm64 9200 The Linux ARM 64-bit binary for esbuild, a JavaScript bundler.
V 0.21.5
F x{pkg}/bin/esbuild

P postcss 200 Tool for transforming styles with JS plugins
V 8.4.47
D nanoid picocolors source-map-js
F c{pkg} f./lib/postcss.js f./lib/parser.js f./lib/processor.js

P nanoid 30 A tiny (116 bytes), secure URL-friendly unique string ID generator
V 3.3.7
B nanoid=bin/nanoid.cjs
F c{pkg} f./index.cjs f./non-secure/index.cjs

P picocolors 6 The tiniest and the fastest library for terminal output formatting with ANSI colors
V 1.1.1
F f{pkg}/picocolors.js

P source-map-js 100 Generates and consumes source maps
V 1.2.1
F c{pkg} f./source-map.js f./lib/source-map-generator.js

P rollup 2600 Next-generation ES module bundler
V 4.24.0
D @rollup/rollup-linux-{nodearch}-gnu
B rollup=dist/bin/rollup
F c{pkg} f./dist/rollup.js f./dist/es/rollup.js f./dist/native.js

P @rollup/rollup-linux-x64-gnu 2600 Native bindings for Rollup
V 4.24.0
F f{pkg}/rollup.linux-x64-gnu.node

P @rollup/rollup-linux-arm64-gnu 2500 Native bindings for Rollup
V 4.24.0
F f{pkg}/rollup.linux-arm64-gnu.node
"#;
