terraform {
  required_version = ">= 1.5.0"

  # Each target and instance keeps its own state: the Makefile passes its path.
  backend "local" {}

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100.0"
    }
  }
}
