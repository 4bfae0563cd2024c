FROM busybox

ENV PATH
LABEL =x a=b
ENV a=b c
