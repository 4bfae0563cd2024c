ARG VERSION=3.20
# only comments and ARGs
