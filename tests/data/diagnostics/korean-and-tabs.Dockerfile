FROM alpine
LABEL 설명="한국어 이미지" 잘못된	value \

  version=1
RUN	foo \

