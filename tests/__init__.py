"""The test suite, mirroring the packages of cms/."""
