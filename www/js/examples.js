// The course's examples: the Dockerfile, small context files and build options of each. Copied from
// tests/data/builds/*/context/ (the golden builds the CLI is tested with) plus the first lesson's hello image.

export const EXAMPLES = [
  {
    "id": "hello",
    "title": {
      "ko": "첫 이미지: FROM과 CMD",
      "en": "Your first image: FROM and CMD"
    },
    "description": {
      "ko": "alpine 위에 CMD 한 줄. 레이어는 늘지 않고 설정만 바뀝니다.",
      "en": "CMD on top of alpine: no new layer, only the config changes."
    },
    "tags": "hello",
    "buildArgs": "",
    "dockerfile": "FROM alpine\nCMD [\"echo\", \"Hello\"]\n",
    "files": []
  },
  {
    "id": "node-app",
    "title": {
      "ko": "Node.js 앱",
      "en": "A Node.js app"
    },
    "description": {
      "ko": "WORKDIR, COPY, RUN npm install — 명령어마다 레이어가 쌓입니다.",
      "en": "WORKDIR, COPY, RUN npm install — a layer per instruction."
    },
    "tags": "node-app:1.0",
    "buildArgs": "",
    "dockerfile": "FROM node:14-alpine\nWORKDIR /usr/src/app\nCOPY package.json ./\nRUN npm install\nCOPY ./ ./\nEXPOSE 8080\nCMD [\"node\", \"server.js\"]\n",
    "files": [
      {
        "path": "package.json",
        "text": "{\n  \"name\": \"hello-node\",\n  \"version\": \"1.0.0\",\n  \"main\": \"server.js\",\n  \"dependencies\": {\n    \"express\": \"^4.18.2\"\n  }\n}\n"
      },
      {
        "path": "server.js",
        "text": "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('Hello World'));\napp.listen(8080, () => console.log('listening on 8080'));\n"
      }
    ]
  },
  {
    "id": "cache",
    "title": {
      "ko": "캐시로 다시 빌드하기",
      "en": "Rebuilding with the cache"
    },
    "description": {
      "ko": "한 번 빌드한 뒤 index.js를 고치고 다시 빌드해 보세요. 어느 단계부터 캐시가 깨질까요?",
      "en": "Build once, edit index.js, build again: where does the cache stop?"
    },
    "tags": "app",
    "buildArgs": "",
    "dockerfile": "FROM node:14-alpine\nWORKDIR /usr/src/app\nCOPY package.json ./\nRUN npm install\nCOPY ./ ./\nCMD [\"node\", \"index.js\"]\n",
    "files": [
      {
        "path": "index.js",
        "text": "console.log(\"version 1\");\n"
      },
      {
        "path": "package.json",
        "text": "{\n  \"name\": \"hello-node\",\n  \"version\": \"1.0.0\",\n  \"main\": \"server.js\",\n  \"dependencies\": {\n    \"express\": \"^4.18.2\"\n  }\n}\n"
      }
    ]
  },
  {
    "id": "multistage",
    "title": {
      "ko": "멀티 스테이지 빌드",
      "en": "A multi-stage build"
    },
    "description": {
      "ko": "빌드 스테이지의 결과만 최종 이미지로 복사합니다. 쓰지 않는 스테이지는 건너뜁니다.",
      "en": "Only the build stage's output reaches the final image; an unused stage is skipped."
    },
    "tags": "frontend:latest",
    "buildArgs": "",
    "dockerfile": "FROM node:20-alpine AS build\nWORKDIR /app\nCOPY package.json ./\nRUN npm install\nCOPY . .\nRUN npm run build\n\nFROM alpine AS unused\nRUN echo \"this stage is not needed by the final image\"\n\nFROM nginx:alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\nEXPOSE 80\n",
    "files": [
      {
        "path": "package.json",
        "text": "{\n  \"name\": \"frontend\",\n  \"version\": \"0.1.0\",\n  \"scripts\": {\n    \"build\": \"mkdir -p dist && cp src/index.html dist/index.html && echo built\"\n  },\n  \"dependencies\": {\n    \"react\": \"^18.2.0\"\n  }\n}\n"
      },
      {
        "path": "src/index.html",
        "text": "<!doctype html>\n<h1>Hello from a multi-stage build</h1>\n"
      }
    ]
  },
  {
    "id": "dockerignore",
    "title": {
      "ko": ".dockerignore",
      "en": ".dockerignore"
    },
    "description": {
      "ko": "빌드 컨텍스트에서 빠지는 파일을 확인해 보세요.",
      "en": "See which files never reach the build context."
    },
    "tags": "ignore-demo",
    "buildArgs": "",
    "dockerfile": "FROM alpine\nWORKDIR /app\nCOPY . .\nRUN ls -a /app\n",
    "files": [
      {
        "path": ".dockerignore",
        "text": "node_modules\n**/*.log\n!important.log\n.env\nsrc/*.test.js\n"
      },
      {
        "path": ".env",
        "text": "secret=1\n"
      },
      {
        "path": "important.log",
        "text": "keep me\n"
      },
      {
        "path": "logs/debug.log",
        "text": "noise\n"
      },
      {
        "path": "node_modules/left-pad/index.js",
        "text": "module.exports = 1;\n"
      },
      {
        "path": "src/app.js",
        "text": "console.log(\"app\");\n"
      },
      {
        "path": "src/app.test.js",
        "text": "console.log(\"test\");\n"
      }
    ]
  },
  {
    "id": "whiteout",
    "title": {
      "ko": "삭제해도 줄지 않는 이미지",
      "en": "Deleting does not shrink an image"
    },
    "description": {
      "ko": "나중 레이어에서 지운 파일은 화이트아웃으로 가려질 뿐, 아래 레이어에 그대로 남습니다.",
      "en": "A file deleted in a later layer is only hidden by a whiteout; the lower layer keeps it."
    },
    "tags": "whiteout",
    "buildArgs": "",
    "dockerfile": "FROM busybox\nRUN mkdir -p /data && echo hi > /data/x && echo bye > /data/y\nRUN rm /data/x\nCMD [\"cat\", \"/data/y\"]\n",
    "files": []
  },
  {
    "id": "apt-kept",
    "title": {
      "ko": "apt 목록을 남긴 이미지",
      "en": "apt lists kept"
    },
    "description": {
      "ko": "apt-get update로 받은 패키지 목록이 레이어에 그대로 남습니다.",
      "en": "The lists apt-get update fetched stay in the layer."
    },
    "tags": "git-kept",
    "buildArgs": "",
    "dockerfile": "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y git\n",
    "files": []
  },
  {
    "id": "apt-cleaned",
    "title": {
      "ko": "같은 RUN에서 정리하기",
      "en": "Cleaning up in the same RUN"
    },
    "description": {
      "ko": "같은 RUN 안에서 지우면 레이어에 남지 않습니다. 앞 예제와 크기를 비교해 보세요.",
      "en": "Removed in the same RUN, the lists never reach a layer. Compare the size with the previous example."
    },
    "tags": "git-cleaned",
    "buildArgs": "",
    "dockerfile": "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n",
    "files": []
  },
  {
    "id": "args-env",
    "title": {
      "ko": "ARG와 ENV",
      "en": "ARG and ENV"
    },
    "description": {
      "ko": "빌드 인자와 환경 변수가 어디서 보이는지 살펴봅니다.",
      "en": "Where build arguments and environment variables are visible."
    },
    "tags": "args-env",
    "buildArgs": "GREETING=hi\nUNUSED=1",
    "dockerfile": "ARG BASE=alpine\nARG VERSION=3.20\nFROM ${BASE}:${VERSION}\nARG VERSION\nARG GREETING=hello\nENV APP_HOME=/srv/app \\\n    MODE=${GREETING}-mode\nWORKDIR $APP_HOME\nRUN echo \"version=$VERSION greeting=$GREETING mode=$MODE base=${BASE:-unset}\" > info.txt\nENV GREETING=from-env\nRUN echo \"now $GREETING\" >> info.txt\nLABEL org.example.version=$VERSION\nCMD [\"cat\", \"info.txt\"]\n",
    "files": []
  },
  {
    "id": "heredoc",
    "title": {
      "ko": "히어독(heredoc)",
      "en": "Heredocs"
    },
    "description": {
      "ko": "RUN <<EOF와 COPY <<EOF로 여러 줄을 한 번에 씁니다.",
      "en": "RUN <<EOF and COPY <<EOF write several lines at once."
    },
    "tags": "heredoc",
    "buildArgs": "",
    "dockerfile": "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nENV GREETING=안녕하세요\nRUN <<EOF\nmkdir -p /opt/app\necho \"built by a heredoc\" > /opt/app/README\nEOF\nCOPY <<EOF /etc/motd\n$GREETING from layerlab\nEOF\nRUN cat <<'NOTE' > /opt/app/note.txt\nliteral $HOME stays\nNOTE\nCMD [\"cat\", \"/etc/motd\"]\n",
    "files": []
  },
  {
    "id": "failing-run",
    "title": {
      "ko": "실패하는 빌드",
      "en": "A failing build"
    },
    "description": {
      "ko": "없는 명령을 실행하면 그 단계에서 빌드가 멈춥니다.",
      "en": "An unknown command stops the build at that step."
    },
    "tags": "failing",
    "buildArgs": "",
    "dockerfile": "FROM alpine\nRUN echo \"before the failure\"\nRUN notacommand --version\nRUN echo \"never runs\"\n",
    "files": []
  },
];

export const DEFAULT_EXAMPLE = "hello";

export function findExample(id) {
  return EXAMPLES.find((e) => e.id === id) || null;
}
