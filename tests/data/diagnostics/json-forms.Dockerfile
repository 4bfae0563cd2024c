FROM alpine
CMD ["echo", 1]
ENTRYPOINT ["echo", "unterminated]
CMD ['single']
